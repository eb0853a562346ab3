<%@ include file="taglibs.jspf" %>
<fmt:message key="entry.title" var="title"/>
<%@ include file="header.jspf" %>
<main class="entry">
  <section class="intro">
    <h1><fmt:message key="entry.headline"/></h1>
    <p><fmt:message key="entry.intro"/></p>
  </section>
  <div class="cards">
    <form method="post" action="${ctx}/signin" class="card" id="signin-form">
      <h2><fmt:message key="entry.signIn"/></h2>
      <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
      <label><fmt:message key="entry.email"/> <input type="email" name="email" required maxlength="254" autocomplete="username"
             value="<c:if test="${form == 'signin'}"><c:out value='${param.email}'/></c:if>"></label>
      <label><fmt:message key="entry.password"/> <input type="password" name="password" required maxlength="200" autocomplete="current-password"></label>
      <button type="submit"><fmt:message key="entry.signIn"/></button>
    </form>
    <form method="post" action="${ctx}/register" class="card" id="register-form">
      <h2><fmt:message key="entry.register"/></h2>
      <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
      <label><fmt:message key="entry.email"/> <input type="email" name="email" required maxlength="254" autocomplete="email"
             value="<c:if test="${form == 'register'}"><c:out value='${param.email}'/></c:if>"></label>
      <label><fmt:message key="entry.name"/> <input type="text" name="username" required minlength="2" maxlength="40" autocomplete="nickname"
             value="<c:if test="${form == 'register'}"><c:out value='${param.username}'/></c:if>"></label>
      <label><fmt:message key="entry.password"/> <input type="password" name="password" required minlength="8" maxlength="200" autocomplete="new-password"></label>
      <button type="submit"><fmt:message key="entry.createAccount"/></button>
    </form>
    <form method="post" action="${ctx}/guest" class="card" id="guest-form">
      <h2><fmt:message key="entry.guest"/></h2>
      <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
      <label><fmt:message key="entry.nickname"/> <input type="text" name="nickname" required maxlength="30"
             value="<c:if test="${form == 'guest'}"><c:out value='${param.nickname}'/></c:if>"></label>
      <p class="hint"><fmt:message key="entry.guestHint"/></p>
      <button type="submit"><fmt:message key="entry.enter"/></button>
    </form>
  </div>
</main>
<%@ include file="footer.jspf" %>
