<%@ include file="taglibs.jspf" %>
<c:set var="room" value="${model.room()}"/>
<c:set var="title" value="${room.name()}"/>
<%@ include file="header.jspf" %>
<c:set var="lastId" value="${empty model.lines() ? 0 : model.lines()[fn:length(model.lines()) - 1].message().id()}"/>
<main class="room" id="room" data-room="${room.id()}" data-me="${visitor.userId()}" data-rank="${model.rank()}"
      data-csrf="<c:out value='${csrf}'/>" data-last="${lastId}" data-last-read="${lastReadId}" data-first-unread="${firstUnreadId}" data-next-before="${model.nextBefore()}"
      data-member="${not empty model.me()}" data-muted="${not empty model.me() and model.me().muted()}"
      data-muted-until="${not empty model.me() and model.me().muted() ? model.me().mutedUntil() : ''}"
      data-mute-reason="<c:out value='${not empty model.me() and model.me().muted() ? model.sanctionReason() : ""}'/>">
  <section class="room-head">
    <h1 id="room-name"><c:out value="${room.name()}"/></h1>
    <span class="counts" id="counts" ${not empty model.self() and model.self().banned() ? 'hidden' : ''}><span id="member-count">${room.memberCount()}</span><span id="member-word"><fmt:message key="${room.memberCount() == 1 ? 'js.room.memberWord.one' : 'js.room.memberWord.other'}"/></span> ·
      <span id="online-count">${room.onlineCount()}</span> <fmt:message key="js.room.online"/></span>
    <span id="status" class="status" data-state="offline"><fmt:message key="js.status.offline"/></span>
    <span class="room-actions">
      <c:if test="${not empty model.me()}">
        <form method="post" action="${ctx}/rooms/${room.id()}/leave" class="inline">
          <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
          <button type="submit" class="small quiet" id="leave"><fmt:message key="room.leave"/></button>
        </form>
      </c:if>
      <c:if test="${model.canDeleteRoom()}"><button type="button" class="small danger" data-act="delete-room" id="delete-room"><fmt:message key="room.deleteRoom"/></button></c:if>
    </span>
  </section>
  <c:choose>
    <c:when test="${not empty model.self() and model.self().banned()}">
      <c:set var="banKey" value="${not empty model.self().bannedUntil() ? 'room.bannedUntil' : 'js.banner.banned'}${not empty model.sanctionReason() ? '.reason' : ''}"/>
      <p class="banner banner-bad" id="banner"><fmt:message key="${banKey}"><c:if test="${not empty model.self().bannedUntil()}"><fmt:param><time datetime="${model.self().bannedUntil()}">${model.self().bannedUntil()}</time></fmt:param></c:if><c:if test="${not empty model.sanctionReason()}"><fmt:param value="${fn:escapeXml(model.sanctionReason())}"/></c:if></fmt:message></p>
      <p class="ended-actions"><a href="${ctx}/rooms" id="back-to-rooms"><fmt:message key="js.room.backToList"/></a></p>
    </c:when>
    <c:when test="${empty model.me()}">
      <div class="join-box">
        <p><fmt:message key="room.notMember"/></p>
        <form method="post" action="${ctx}/rooms/${room.id()}/join">
          <input type="hidden" name="csrf" value="<c:out value='${csrf}'/>">
          <button type="submit" id="join"><fmt:message key="room.join"/></button>
        </form>
      </div>
    </c:when>
    <c:otherwise>
      <section class="voice" id="voice" data-state="out" aria-label="<fmt:message key='voice.title'/>">
        <div class="voice-controls">
          <strong class="voice-title"><fmt:message key="voice.title"/></strong>
          <span class="voice-count" id="voice-count"></span>
          <button type="button" class="small" id="voice-join"><fmt:message key="js.voice.join"/></button>
          <button type="button" class="small quiet" id="voice-mic" aria-pressed="true" hidden><fmt:message key="js.voice.micOn"/></button>
          <button type="button" class="small danger" id="voice-leave" hidden><fmt:message key="js.voice.leave"/></button>
        </div>
        <p class="voice-note" id="voice-note" role="status" hidden></p>
        <ul class="voice-roster" id="voice-roster"></ul>
        <div id="voice-audio" hidden></div>
      </section>
      <div class="room-body">
        <section class="chat">
          <c:set var="muteKey" value="js.banner.muted${not empty model.me().mutedUntil() ? '.until' : ''}${not empty model.sanctionReason() ? '.reason' : ''}"/>
          <p class="banner ${model.me().muted() ? 'banner-warn' : ''}" id="banner" ${model.me().muted() ? '' : 'hidden'}><c:if test="${model.me().muted()}"><fmt:message key="${muteKey}"><c:if test="${not empty model.me().mutedUntil()}"><fmt:param><time datetime="${model.me().mutedUntil()}">${model.me().mutedUntil()}</time></fmt:param></c:if><c:if test="${not empty model.sanctionReason()}"><fmt:param><c:out value="${model.sanctionReason()}"/></fmt:param></c:if></fmt:message></c:if></p>
          <div class="scroller" id="scroller">
            <p class="older"><button type="button" class="small quiet" id="older" ${empty model.nextBefore() ? 'hidden' : ''}><fmt:message key="room.older"/></button></p>
            <ol class="messages" id="messages">
              <c:forEach var="line" items="${model.lines()}">
                <c:set var="msg" value="${line.message()}"/>
                <c:choose>
                  <c:when test="${msg.kind() == 'SYSTEM'}">
                    <li class="msg system" data-id="${msg.id()}" data-sender="${msg.sender().id()}">
                      <c:set var="who" value="${msg.sender().display()}"/>
                      <span class="text"><c:choose>
                        <c:when test="${msg.content() == (who += ' joined')}"><fmt:message key="js.system.joined"><fmt:param value="${fn:escapeXml(who)}"/></fmt:message></c:when>
                        <c:when test="${msg.content() == (who += ' left')}"><fmt:message key="js.system.left"><fmt:param value="${fn:escapeXml(who)}"/></fmt:message></c:when>
                        <c:otherwise><c:out value="${msg.content()}"/></c:otherwise>
                      </c:choose></span>
                      <time datetime="${msg.createdAt()}">${msg.createdAt()}</time>
                    </li>
                  </c:when>
                  <c:otherwise>
                    <li class="msg${line.mine() ? ' mine' : ''}${line.mentionsMe() ? ' mentioned' : ''}" data-id="${msg.id()}" data-sender="${msg.sender().id()}">
                      <div class="meta">
                        <span class="who"><c:out value="${msg.sender().display()}"/></span>
                        <span class="role role-${fn:toLowerCase(msg.sender().role())}"><fmt:message key="js.role.${msg.sender().role()}"/></span>
                        <time datetime="${msg.createdAt()}">${msg.createdAt()}</time>
                        <c:if test="${line.deletable()}"><button type="button" class="link" data-act="delete-message" data-id="${msg.id()}"><fmt:message key="js.msg.delete"/></button></c:if>
                        <c:if test="${not empty msg.editedAt()}"><span class="edited" data-edited="${msg.editedAt()}"><fmt:message key="js.msg.edited"/></span></c:if>
                      </div>
                      <%@ include file="conversation.jspf" %>
                      <div class="text"><c:out value="${msg.content()}"/></div>
                      <%@ include file="attachments.jspf" %>
                      <%@ include file="reactions.jspf" %>
                    </li>
                  </c:otherwise>
                </c:choose>
              </c:forEach>
            </ol>
          </div>
          <p class="typing" id="typing" aria-live="polite"></p>
          <p class="replying" id="replying" hidden></p>
          <form class="send" id="send" autocomplete="off">
            <c:set var="mutedNow" value="${model.me().muted() ? 'disabled' : ''}"/>
            <textarea id="text" name="content" rows="2" maxlength="2000" placeholder="<fmt:message key='room.placeholder'/>" aria-label="<fmt:message key='room.messageLabel'/>" required ${mutedNow}></textarea>
            <button type="button" id="attach" class="quiet attach" title="<fmt:message key='room.attachTitle'/>" aria-label="<fmt:message key='room.attachLabel'/>" ${mutedNow}><fmt:message key="room.attach"/></button>
            <input type="file" id="attach-input" multiple hidden>
            <button type="submit" id="send-button" ${mutedNow}><fmt:message key="room.send"/></button>
            <ul class="uploads" id="uploads" aria-live="polite"></ul>
          </form>
          <p class="error send-error" id="send-error" role="alert" hidden></p>
        </section>
        <aside class="members">
          <h2><fmt:message key="room.membersHeading"/></h2>
          <ul class="member-list" id="members">
            <c:forEach var="m" items="${model.members()}">
              <c:if test="${not m.banned()}"><%@ include file="member.jspf" %></c:if>
            </c:forEach>
          </ul>
          <c:if test="${model.moderator()}">
            <h2><fmt:message key="room.bannedHeading"/></h2>
            <ul class="member-list" id="banned">
              <c:forEach var="m" items="${model.members()}">
                <c:if test="${m.banned()}"><%@ include file="member.jspf" %></c:if>
              </c:forEach>
            </ul>
          </c:if>
        </aside>
      </div>
    </c:otherwise>
  </c:choose>
  <dialog id="act-dialog" class="act-dialog">
    <form method="dialog" id="act-form">
      <h3 id="act-title"></h3>
      <label id="act-reason-label"><fmt:message key="room.reason"/> <input type="text" name="reason" id="act-reason" maxlength="500"></label>
      <label id="act-minutes-label"><fmt:message key="room.minutes"/> <input type="text" name="minutes" id="act-minutes" inputmode="decimal" placeholder="<fmt:message key='room.minutesPlaceholder'/>"></label>
      <p class="error" id="act-error" role="alert" hidden></p>
      <menu>
        <button type="button" class="quiet" id="act-cancel"><fmt:message key="room.cancel"/></button>
        <button type="submit" id="act-ok"><fmt:message key="room.ok"/></button>
      </menu>
    </form>
  </dialog>
</main>
<script src="${ctx}/static/files.js"></script>
<script src="${ctx}/static/room.js"></script>
<script src="${ctx}/static/voice.js"></script>
<script src="${ctx}/static/conversation.js"></script>
<script src="${ctx}/static/unread.js"></script>
<%@ include file="footer.jspf" %>
