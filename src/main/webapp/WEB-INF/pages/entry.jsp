<%@ include file="taglibs.jspf" %>
<c:set var="title" value="Welcome"/>
<%@ include file="header.jspf" %>
<main class="entry">
  <section class="intro">
    <h1>Chat live with anyone</h1>
    <p>Open a room, invite people, talk. Sign in, make an account, or just walk in as a guest.</p>
  </section>
  <div class="cards">
    <form method="post" action="${ctx}/signin" class="card" id="signin-form">
      <h2>Sign in</h2>
      <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
      <label>Email <input type="email" name="email" required maxlength="254" autocomplete="username"
             value="<c:if test="${form == 'signin'}"><c:out value='${param.email}'/></c:if>"></label>
      <label>Password <input type="password" name="password" required maxlength="200" autocomplete="current-password"></label>
      <button type="submit">Sign in</button>
    </form>
    <form method="post" action="${ctx}/register" class="card" id="register-form">
      <h2>Register</h2>
      <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
      <label>Email <input type="email" name="email" required maxlength="254" autocomplete="email"
             value="<c:if test="${form == 'register'}"><c:out value='${param.email}'/></c:if>"></label>
      <label>Name <input type="text" name="username" required minlength="2" maxlength="40" autocomplete="nickname"
             value="<c:if test="${form == 'register'}"><c:out value='${param.username}'/></c:if>"></label>
      <label>Password <input type="password" name="password" required minlength="8" maxlength="200" autocomplete="new-password"></label>
      <button type="submit">Create account</button>
    </form>
    <form method="post" action="${ctx}/guest" class="card" id="guest-form">
      <h2>Enter as a guest</h2>
      <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
      <label>Nickname <input type="text" name="nickname" required maxlength="30"
             value="<c:if test="${form == 'guest'}"><c:out value='${param.nickname}'/></c:if>"></label>
      <p class="hint">Others see guests as <em>nickname (a.b)</em>, the first two parts of their address.</p>
      <button type="submit">Enter</button>
    </form>
  </div>
</main>
<%@ include file="footer.jspf" %>
