<%@ include file="taglibs.jspf" %>
<fmt:message key="rooms.title" var="title"/>
<%@ include file="header.jspf" %>
<main class="rooms">
  <form method="post" action="${ctx}/rooms" class="create" id="create-room">
    <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
    <label class="grow"><fmt:message key="rooms.new"/> <input type="text" name="name" required maxlength="100" placeholder="<fmt:message key='rooms.newPlaceholder'/>"
           value="<c:out value='${param.name}'/>"></label>
    <button type="submit"><fmt:message key="rooms.create"/></button>
  </form>
  <h1><fmt:message key="rooms.title"/></h1>
  <c:choose>
    <c:when test="${empty rooms}"><p class="empty"><fmt:message key="rooms.empty"/></p></c:when>
    <c:otherwise>
      <ul class="room-list" id="room-list">
        <c:forEach var="room" items="${rooms}">
          <li class="room-item" data-room="${room.id()}">
            <a class="room-name" href="${ctx}/rooms/${room.id()}"><c:out value="${room.name()}"/></a>
            <c:if test="${room.unreadCount() > 0}"><span class="unread-count" title="<fmt:message key='rooms.unreadTitle'/>">${room.unreadCount() >= 100 ? '99+' : room.unreadCount()}</span></c:if>
            <c:if test="${room.mentionCount() > 0}"><span class="mention-count" title="<fmt:message key='rooms.mentionTitle'/>">@${room.mentionCount() >= 100 ? '99+' : room.mentionCount()}</span></c:if>
            <span class="counts"><span class="member-count">${room.memberCount()}</span> <fmt:message key="rooms.members"><fmt:param value="${room.memberCount()}"/></fmt:message> ·
              <span class="dot ${room.onlineCount() > 0 ? 'on' : 'off'}"></span><span class="online-count">${room.onlineCount()}</span> <fmt:message key="rooms.online"/></span>
            <c:choose>
              <c:when test="${standing[room.id()] == 'MEMBER'}">
                <a class="button small open" href="${ctx}/rooms/${room.id()}"><fmt:message key="rooms.open"/></a>
              </c:when>
              <c:when test="${standing[room.id()] == 'BANNED'}">
                <span class="badge badge-banned"><fmt:message key="rooms.banned"/></span>
              </c:when>
              <c:otherwise>
                <form method="post" action="${ctx}/rooms/${room.id()}/join" class="inline">
                  <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
                  <button type="submit" class="small join"><fmt:message key="rooms.join"/></button>
                </form>
              </c:otherwise>
            </c:choose>
          </li>
        </c:forEach>
      </ul>
      <c:if test="${not empty nextBefore}"><p class="more"><a href="${ctx}/rooms?before=${nextBefore}"><fmt:message key="rooms.older"/></a></p></c:if>
    </c:otherwise>
  </c:choose>
</main>
<script src="${ctx}/static/rooms.js"></script>
<%@ include file="footer.jspf" %>
