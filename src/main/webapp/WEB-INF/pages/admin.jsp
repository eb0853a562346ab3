<%@ include file="taglibs.jspf" %>
<fmt:message key="admin.title" var="title"/>
<%@ include file="header.jspf" %>
<main class="admin">
  <h1><fmt:message key="admin.heading"/></h1>
  <section>
    <h2><fmt:message key="admin.users"/></h2>
    <div class="table-wrap">
    <table class="users" id="users">
      <thead><tr><th>#</th><th><fmt:message key="admin.name"/></th><th><fmt:message key="admin.email"/></th><th><fmt:message key="admin.kind"/></th><th><fmt:message key="admin.siteBan"/></th></tr></thead>
      <tbody>
      <c:forEach var="u" items="${users}">
        <tr data-user="${u.id}" class="${u.banned ? 'banned' : ''}">
          <td>${u.id}</td>
          <td class="who"><c:out value="${u.display()}"/></td>
          <td><c:out value="${u.email}"/></td>
          <td><fmt:message key="${u.admin ? 'admin.kind.admin' : u.guest ? 'admin.kind.guest' : 'admin.kind.member'}"/></td>
          <td>
            <c:choose>
              <c:when test="${u.admin}">—</c:when>
              <c:when test="${u.banned}">
                <span class="badge badge-banned"><fmt:message key="admin.banned"/></span> <span class="reason"><c:out value="${u.banReason}"/></span>
                <form method="post" action="${ctx}/admin/users/${u.id}/ban" class="inline">
                  <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
                  <input type="hidden" name="banned" value="false">
                  <button type="submit" class="small unban"><fmt:message key="admin.liftBan"/></button>
                </form>
              </c:when>
              <c:otherwise>
                <form method="post" action="${ctx}/admin/users/${u.id}/ban" class="inline ban-form">
                  <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
                  <input type="hidden" name="banned" value="true">
                  <input type="text" name="reason" maxlength="500" placeholder="<fmt:message key='admin.reasonPlaceholder'/>" aria-label="<fmt:message key='admin.reason'/>">
                  <button type="submit" class="small danger ban"><fmt:message key="admin.ban"/></button>
                </form>
              </c:otherwise>
            </c:choose>
          </td>
        </tr>
      </c:forEach>
      </tbody>
    </table>
    </div>
    <c:if test="${not empty usersNext}"><p class="more"><a href="${ctx}/admin?usersBefore=${usersNext}"><fmt:message key="admin.olderUsers"/></a></p></c:if>
  </section>
  <section>
    <h2><fmt:message key="admin.audit"/></h2>
    <div class="table-wrap">
    <table class="audit" id="audit">
      <thead><tr><th><fmt:message key="admin.when"/></th><th><fmt:message key="admin.action"/></th><th><fmt:message key="admin.room"/></th><th><fmt:message key="admin.by"/></th><th><fmt:message key="admin.on"/></th><th><fmt:message key="admin.reason"/></th><th><fmt:message key="admin.until"/></th></tr></thead>
      <tbody>
      <c:forEach var="e" items="${entries}">
        <tr>
          <td><time datetime="${e.createdAt()}">${e.createdAt()}</time></td>
          <td class="action" data-action="${e.action()}"><c:if test="${texts.has('audit.' += e.action())}"><fmt:message key="audit.${e.action()}"/> </c:if><span class="code">${e.action()}</span></td>
          <td>${empty e.roomId() ? '' : '#'}${e.roomId()}</td>
          <td><c:out value="${e.actor()}"/></td>
          <td><c:out value="${e.target()}"/></td>
          <td class="reason"><c:out value="${e.reason()}"/></td>
          <td><c:if test="${not empty e.until()}"><time datetime="${e.until()}">${e.until()}</time></c:if></td>
        </tr>
      </c:forEach>
      </tbody>
    </table>
    </div>
    <c:if test="${not empty auditNext}"><p class="more"><a href="${ctx}/admin?auditBefore=${auditNext}"><fmt:message key="admin.olderEntries"/></a></p></c:if>
  </section>
</main>
<script src="${ctx}/static/times.js"></script>
<%@ include file="footer.jspf" %>
