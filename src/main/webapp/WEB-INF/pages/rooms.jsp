<%@ include file="taglibs.jspf" %>
<c:set var="title" value="Rooms"/>
<%@ include file="header.jspf" %>
<main class="rooms">
  <form method="post" action="${ctx}/rooms" class="create" id="create-room">
    <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
    <label class="grow">New room <input type="text" name="name" required maxlength="100" placeholder="What shall we talk about?"
           value="<c:out value='${param.name}'/>"></label>
    <button type="submit">Create</button>
  </form>
  <h1>Rooms</h1>
  <c:choose>
    <c:when test="${empty rooms}"><p class="empty">No rooms yet. Open the first one.</p></c:when>
    <c:otherwise>
      <ul class="room-list" id="room-list">
        <c:forEach var="room" items="${rooms}">
          <li class="room-item" data-room="${room.id()}">
            <a class="room-name" href="${ctx}/rooms/${room.id()}"><c:out value="${room.name()}"/></a>
            <span class="counts"><span class="member-count">${room.memberCount()}</span> ${room.memberCount() == 1 ? 'member' : 'members'} ·
              <span class="dot ${room.onlineCount() > 0 ? 'on' : 'off'}"></span><span class="online-count">${room.onlineCount()}</span> online</span>
            <c:choose>
              <c:when test="${standing[room.id()] == 'MEMBER'}">
                <a class="button small open" href="${ctx}/rooms/${room.id()}">Open</a>
              </c:when>
              <c:when test="${standing[room.id()] == 'BANNED'}">
                <span class="badge badge-banned">banned</span>
              </c:when>
              <c:otherwise>
                <form method="post" action="${ctx}/rooms/${room.id()}/join" class="inline">
                  <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
                  <button type="submit" class="small join">Join</button>
                </form>
              </c:otherwise>
            </c:choose>
          </li>
        </c:forEach>
      </ul>
      <c:if test="${not empty nextBefore}"><p class="more"><a href="${ctx}/rooms?before=${nextBefore}">Older rooms</a></p></c:if>
    </c:otherwise>
  </c:choose>
</main>
<%@ include file="footer.jspf" %>
