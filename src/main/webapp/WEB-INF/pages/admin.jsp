<%@ include file="taglibs.jspf" %>
<c:set var="title" value="Admin"/>
<%@ include file="header.jspf" %>
<main class="admin">
  <h1>Site admin</h1>
  <section>
    <h2>Users</h2>
    <div class="table-wrap">
    <table class="users" id="users">
      <thead><tr><th>#</th><th>Name</th><th>Email</th><th>Kind</th><th>Site ban</th></tr></thead>
      <tbody>
      <c:forEach var="u" items="${users}">
        <tr data-user="${u.id}" class="${u.banned ? 'banned' : ''}">
          <td>${u.id}</td>
          <td class="who"><c:out value="${u.display()}"/></td>
          <td><c:out value="${u.email}"/></td>
          <td>${u.admin ? 'admin' : u.guest ? 'guest' : 'member'}</td>
          <td>
            <c:choose>
              <c:when test="${u.admin}">—</c:when>
              <c:when test="${u.banned}">
                <span class="badge badge-banned">banned</span> <span class="reason"><c:out value="${u.banReason}"/></span>
                <form method="post" action="${ctx}/admin/users/${u.id}/ban" class="inline">
                  <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
                  <input type="hidden" name="banned" value="false">
                  <button type="submit" class="small unban">Lift ban</button>
                </form>
              </c:when>
              <c:otherwise>
                <form method="post" action="${ctx}/admin/users/${u.id}/ban" class="inline ban-form">
                  <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
                  <input type="hidden" name="banned" value="true">
                  <input type="text" name="reason" maxlength="500" placeholder="reason" aria-label="Reason">
                  <button type="submit" class="small danger ban">Ban</button>
                </form>
              </c:otherwise>
            </c:choose>
          </td>
        </tr>
      </c:forEach>
      </tbody>
    </table>
    </div>
    <c:if test="${not empty usersNext}"><p class="more"><a href="${ctx}/admin?usersBefore=${usersNext}">Older users</a></p></c:if>
  </section>
  <section>
    <h2>Audit log</h2>
    <div class="table-wrap">
    <table class="audit" id="audit">
      <thead><tr><th>When</th><th>Action</th><th>Room</th><th>By</th><th>On</th><th>Reason</th><th>Until</th></tr></thead>
      <tbody>
      <c:forEach var="e" items="${entries}">
        <tr>
          <td><time datetime="${e.createdAt()}">${e.createdAt()}</time></td>
          <td class="action">${e.action()}</td>
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
    <c:if test="${not empty auditNext}"><p class="more"><a href="${ctx}/admin?auditBefore=${auditNext}">Older entries</a></p></c:if>
  </section>
</main>
<script src="${ctx}/static/times.js"></script>
<%@ include file="footer.jspf" %>
