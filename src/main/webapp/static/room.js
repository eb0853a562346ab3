// The room page's live side: one socket to /ws/rooms/{id}, opened with a one-time ticket from the page's own
// endpoint (the session cookie and the CSRF token; the API token never reaches this script). Every message is
// built with textContent, never as HTML. After a dropped connection it reconnects by itself with a fresh ticket
// and ?after=<the last message id seen>, so the server replays exactly what was missed; ids de-duplicate too.
(function () {
  'use strict';

  var main = document.getElementById('room');
  if (!main) { return; }
  var roomId = main.dataset.room;
  var me = Number(main.dataset.me);
  var rank = Number(main.dataset.rank);
  var csrf = main.dataset.csrf;
  var base = '/rooms/' + roomId;
  var RANKS = { OWNER: 4, ADMIN: 3, MEMBER: 2, GUEST: 1 };
  var texts = window.sudaTexts;   // texts.js: the page's words and times in the reader's language
  var T = texts.t;

  var list = document.getElementById('messages');
  var scroller = document.getElementById('scroller');
  var statusLine = document.getElementById('status');
  var banner = document.getElementById('banner');
  var typingLine = document.getElementById('typing');
  var sendForm = document.getElementById('send');
  var text = document.getElementById('text');
  var sendError = document.getElementById('send-error');
  var olderButton = document.getElementById('older');
  var membersList = document.getElementById('members');
  var bannedList = document.getElementById('banned');

  localTimes(document);

  var state = {
    socket: null,
    lastId: Number(main.dataset.last) || 0,
    nextBefore: Number(main.dataset.nextBefore) || 0,
    seen: new Set(),
    pending: new Map(),   // clientMsgId -> {content, element, sent}
    ended: false,         // banned, kicked, room deleted, signed out: no reconnecting
    attempts: 0,
    typers: new Map(),
    lastTypingSent: 0,
    loadingOlder: false
  };
  Array.prototype.forEach.call(list ? list.children : [], function (li) { state.seen.add(Number(li.dataset.id)); });
  window.suda = state;
  state.send = function (frame) { return send(frame); };
  state.loadOlder = function () { return loadOlder(); };

  // ---- calls to the page's endpoints ----

  function call(method, path, fields) {
    var options = { method: method, headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' };
    if (fields) { options.body = new URLSearchParams(fields); }
    return fetch(path, options).then(function (response) {
      return response.text().then(function (body) {
        var json = null;
        try { json = body ? JSON.parse(body) : null; } catch (e) { json = null; }
        if (!response.ok) {
          var error = new Error(texts.error(json, T('js.send.failed')));
          error.status = response.status;
          error.code = json && json.code;
          error.until = json && json.until;
          throw error;
        }
        return json;
      });
    });
  }

  // ---- the socket ----

  function setStatus(name, label) {
    statusLine.dataset.state = name;
    statusLine.textContent = label;
  }

  function connect() {
    if (state.ended || main.dataset.member !== 'true') { return; }
    setStatus('connecting', state.attempts ? T('js.status.reconnecting') : T('js.status.connecting'));
    call('POST', base + '/ticket').then(function (ticket) {
      var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
      var url = scheme + location.host + '/ws/rooms/' + roomId + '?ticket=' + encodeURIComponent(ticket.ticket)
        + '&after=' + state.lastId + '&batch=1';
      var socket = new WebSocket(url);
      state.socket = socket;
      socket.onopen = function () {
        state.attempts = 0;
        setStatus('live', T('js.status.live'));
        resendPending();
        refreshMembers();
      };
      socket.onmessage = function (event) {
        var frame;
        try { frame = JSON.parse(event.data); } catch (e) { return; }
        // ?batch=1: frames that waited together on the server come in one batch frame, in order
        if (frame.type === 'batch' && Array.isArray(frame.frames)) {
          frame.frames.forEach(handle);
        } else {
          handle(frame);
        }
      };
      socket.onclose = function () {
        if (state.socket === socket) { state.socket = null; }
        if (window.sudaVoice) { window.sudaVoice.socketClosed(); }
        retry();
      };
    }).catch(function (error) {
      if (error.status === 401) {
        end('bad', T('js.banner.sessionEnded'));
      } else if (error.status === 403 && error.code === 'banned') {
        closeRoom(error.message);   // banned while this page was away
      } else if (error.status === 403 || error.status === 404) {
        end('bad', error.message);
      } else {
        retry();
      }
    });
  }

  function retry() {
    if (state.ended) { return; }
    setStatus('offline', T('js.status.reconnecting'));
    var delay = Math.min(10000, 500 * Math.pow(2, state.attempts++));
    setTimeout(connect, delay);
  }

  function send(frame) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function end(kind, message) {
    state.ended = true;
    setStatus('ended', T('js.status.ended'));
    showBanner(kind, message);
    disableSending();
    if (state.socket) { state.socket.close(); }
  }

  /**
   * Banned, kicked, or the room deleted: the viewer is out of the room, so nothing of being in it stays on the page
   * (the send box and its errors, who is typing, the members, the counts, Leave, voice); the banner says why, and a
   * link leads back to the room list.
   */
  function closeRoom(message) {
    end('bad', message);
    clearTimeout(muteTimer);
    hideSendError();
    var head = main.querySelector('.room-head');
    if (banner && head) { head.parentNode.insertBefore(banner, head.nextSibling); }   // the banner outlives the chat
    ['.room-body', '#voice', '#counts', '.room-actions'].forEach(function (selector) {
      var part = main.querySelector(selector);
      if (part) { part.remove(); }
    });
    if (!document.getElementById('back-to-rooms')) {
      var back = el('p', 'ended-actions');
      var link = el('a', null, T('js.room.backToList'));
      link.href = '/rooms';
      link.id = 'back-to-rooms';
      back.appendChild(link);
      banner.parentNode.insertBefore(back, banner.nextSibling);
    }
  }

  // ---- frames from the server ----

  function handle(frame) {
    if (window.sudaConversation) { window.sudaConversation.onFrame(frame); }   // conversation.js: quotes, reactions, edits
    if (window.sudaUnread) { window.sudaUnread.onFrame(frame); }   // unread.js: read markers
    switch (frame.type) {
      case 'message': addMessage(frame, false); break;
      case 'ack': acked(frame); break;
      case 'error': failed(frame); break;
      case 'messageDeleted': removeMessage(frame.id); break;
      case 'system': systemNotice(frame); break;
      case 'presence': presenceCount(frame.online); break;
      case 'typing': typing(frame); break;
      case 'muted':
        setMuted(frame.until, frame.reason);
        break;
      case 'unmuted':
        setUnmuted();
        break;
      case 'banned':
        closeRoom(sanction('js.banner.bannedNow', frame.until, frame.reason));
        break;
      case 'kicked':
        closeRoom(sanction('js.banner.kicked', null, frame.reason));
        break;
      case 'roomDeleted':
        closeRoom(T('js.banner.roomDeleted'));
        break;
      default:
        if (window.sudaVoice && /^voice/.test(frame.type)) { window.sudaVoice.onFrame(frame); }   // voice.js
        break;
    }
  }

  function addMessage(message, older) {
    if (state.seen.has(message.id)) { return; }
    state.seen.add(message.id);
    if (!older && message.id > state.lastId) { state.lastId = message.id; }
    if (message.clientMsgId && message.sender && message.sender.id === me) {
      var pending = state.pending.get(message.clientMsgId);
      if (pending) {
        pending.element.remove();
        state.pending.delete(message.clientMsgId);
      }
    }
    var mine = message.kind === 'USER' && message.sender.id === me;
    var deletable = message.kind === 'USER'
      && (mine || (rank >= RANKS.ADMIN && rank > (RANKS[message.sender.role] || 0)));
    var element = messageElement(message, mine, deletable);
    insertInOrder(element, message.id, older);
  }

  function insertInOrder(element, id, older) {
    var stick = !older && isAtBottom();
    var children = list.children;
    var before = null;
    for (var i = children.length - 1; i >= 0; i--) {
      var other = Number(children[i].dataset.id);
      if (!other) { continue; }
      if (other < id) { before = children[i + 1] || null; break; }
      before = children[i];
    }
    var firstPending = list.querySelector('li.pending');
    if (before === null && firstPending) { before = firstPending; }
    list.insertBefore(element, before);
    if (stick) { scrollToBottom(); }
  }

  function messageElement(message, mine, deletable) {
    var li = el('li', 'msg' + (message.kind === 'SYSTEM' ? ' system' : '') + (mine ? ' mine' : ''));
    li.dataset.id = message.id;
    li.dataset.sender = message.sender ? message.sender.id : '';
    if (message.kind === 'SYSTEM') {
      li.appendChild(el('span', 'text', systemText(message)));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(timeElement(message.createdAt));
      return li;
    }
    var meta = el('div', 'meta');
    meta.appendChild(el('span', 'who', message.sender.display));
    meta.appendChild(document.createTextNode(' '));
    meta.appendChild(roleBadge(message.sender.role));
    meta.appendChild(document.createTextNode(' '));
    meta.appendChild(timeElement(message.createdAt));
    if (deletable) {
      meta.appendChild(document.createTextNode(' '));
      var del = el('button', 'link', T('js.msg.delete'));
      del.type = 'button';
      del.dataset.act = 'delete-message';
      del.dataset.id = message.id;
      meta.appendChild(del);
    }
    li.appendChild(meta);
    li.appendChild(el('div', 'text', message.content));
    if (message.attachments && message.attachments.length && window.sudaFiles) {
      li.appendChild(window.sudaFiles.render(message.attachments));
    }
    if (window.sudaConversation) { window.sudaConversation.decorate(li, message); }   // quote, reactions
    return li;
  }

  /** A stored join or leave ("<name> joined") in the reader's language; any other system text as it was stored. */
  function systemText(message) {
    var who = message.sender && message.sender.display;
    if (who && message.content === who + ' joined') { return T('js.system.joined', who); }
    if (who && message.content === who + ' left') { return T('js.system.left', who); }
    return message.content;
  }

  function removeMessage(id) {
    var li = list.querySelector('li[data-id="' + Number(id) + '"]');
    if (li) { li.remove(); }
  }

  /** A moderation notice, built from its data (who, until, reason) so that its time shows in the reader's zone. */
  function systemNotice(frame) {
    var li = el('li', 'msg system notice-line');
    li.dataset.kind = frame.kind || '';
    var line = el('span', 'text');
    line.appendChild(sentence(systemParts(frame)));
    li.appendChild(line);
    var stick = isAtBottom();
    var firstPending = list.querySelector('li.pending');
    list.insertBefore(li, firstPending);
    if (stick) { scrollToBottom(); }
    refreshMembers();
  }

  function systemParts(frame) {
    var who = frame.display;
    if (!who) { return [frame.text]; }   // a server that sends the text only
    var key = 'js.system.' + frame.kind;
    if (!texts.has(key)) { return [frame.text]; }
    if (frame.until && texts.has(key + '.until')) {
      key += '.until';
      return frame.reason && texts.has(key + '.reason') ? texts.parts(key + '.reason', who, timeElement(frame.until), frame.reason)
        : texts.parts(key, who, timeElement(frame.until));
    }
    return frame.reason && texts.has(key + '.reason') ? texts.parts(key + '.reason', who, frame.reason) : texts.parts(key, who);
  }

  function presenceCount(online) {
    var count = document.getElementById('online-count');
    if (!count || state.ended) { return; }   // out of the room: the count is gone with the rest
    count.textContent = online;
    refreshMembersSoon();
  }

  function typing(frame) {
    if (frame.userId === me) { return; }
    state.typers.set(frame.userId, { name: frame.display, until: Date.now() + 3500 });
    renderTyping();
    setTimeout(renderTyping, 3600);
  }

  function renderTyping() {
    var now = Date.now();
    var names = [];
    state.typers.forEach(function (typer, id) {
      if (typer.until < now) { state.typers.delete(id); } else { names.push(typer.name); }
    });
    typingLine.textContent = names.length === 0 ? ''
      : names.length === 1 ? T('js.typing.one', names[0])
      : names.length === 2 ? T('js.typing.two', names[0], names[1])
      : T('js.typing.many');
  }

  // ---- sending ----

  function newId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  function submit(event) {
    event.preventDefault();
    var content = text.value;
    var files = window.sudaFiles ? window.sudaFiles.ready() : [];
    if (window.sudaFiles && window.sudaFiles.busy()) {
      showSendError(T('js.send.waitUpload'), 'upload_busy');
      return;
    }
    if (!content.trim() && !files.length) { return; }
    hideSendError();
    var clientMsgId = newId();
    var element = el('li', 'msg mine pending');
    var meta = el('div', 'meta');
    meta.appendChild(el('span', 'who', document.getElementById('me-name').firstChild.textContent));
    meta.appendChild(document.createTextNode(' '));
    meta.appendChild(el('span', 'sending', T('js.send.sending')));
    element.appendChild(meta);
    element.appendChild(el('div', 'text', content));
    list.appendChild(element);
    scrollToBottom();
    var replyTo = window.sudaConversation ? window.sudaConversation.takeReply() : null;
    state.pending.set(clientMsgId, { content: content, attachments: files, element: element, sent: false, replyTo: replyTo });
    text.value = '';
    if (files.length) { window.sudaFiles.clear(); }
    if (!send(sendFrame(clientMsgId, content, files, replyTo))) {
      element.querySelector('.sending').textContent = T('js.send.waiting');
    }
  }

  function sendFrame(clientMsgId, content, files, replyTo) {
    var frame = { type: 'sendMessage', clientMsgId: clientMsgId, content: content };
    if (files && files.length) { frame.attachments = files; }
    if (replyTo) { frame.replyTo = replyTo; }
    return frame;
  }

  /** After a reconnect: what was not acknowledged goes again with the same id, so it is stored once. */
  function resendPending() {
    state.pending.forEach(function (pending, clientMsgId) {
      send(sendFrame(clientMsgId, pending.content, pending.attachments, pending.replyTo));
    });
  }

  function acked(frame) {
    var pending = state.pending.get(frame.clientMsgId);
    if (pending) {
      pending.sent = true;
      var label = pending.element.querySelector('.sending');
      if (label) { label.textContent = T('js.send.sent'); }
    }
  }

  function failed(frame) {
    if (window.sudaVoice && /^voice/.test(frame.ref || '')) { window.sudaVoice.onFrame(frame); return; }
    var pending = frame.ref && state.pending.get(frame.ref);
    if (pending) {
      pending.element.remove();
      state.pending.delete(frame.ref);
      if (!text.value) { text.value = pending.content; }
    }
    showSendError(texts.error(frame, T('js.send.failed')), frame.code);
    // a mute this page had not heard of (it began while the socket was away): sending goes off too
    if (frame.code === 'muted' && main.dataset.muted !== 'true') { setMuted(frame.until, null); }
  }

  function showSendError(message, code) {
    if (!sendError) { return; }
    sendError.textContent = message;
    sendError.dataset.code = code || '';
    sendError.hidden = false;
  }

  // ---- muted: reading, not sending ----

  var muteTimer = null;

  /** Muted (live, or as the page loaded): no sending, typing or attaching, until the end or until it is lifted. */
  function setMuted(until, reason) {
    main.dataset.muted = 'true';
    main.dataset.mutedUntil = until || '';
    showBanner('warn', sanction('js.banner.muted', until, reason));
    setSending(false);
    clearTimeout(muteTimer);
    if (until) {
      var end = new Date(until).getTime();
      // a timer runs at most 2^31-1 ms; a longer mute sets it again then
      muteTimer = setTimeout(function () {
        if (Date.now() >= end) { muteEnded(); } else { setMuted(until, reason); }
      }, Math.min(Math.max(0, end - Date.now()) + 250, 2147483647));
    }
  }

  function setUnmuted() {
    clearTimeout(muteTimer);
    if (main.dataset.muted !== 'true') { return; }
    main.dataset.muted = 'false';
    main.dataset.mutedUntil = '';
    hideBanner();
    if (sendError && sendError.dataset.code === 'muted') { hideSendError(); }
    setSending(true);
  }

  /** The mute ran out: sending again; the member list loses its badge. */
  function muteEnded() {
    setUnmuted();
    refreshMembers();
  }

  function setSending(on) {
    if (!sendForm || state.ended) { return; }
    text.disabled = !on;
    text.placeholder = on ? T('js.send.placeholder') : T('js.send.mutedPlaceholder');
    document.getElementById('send-button').disabled = !on;
    var attach = document.getElementById('attach');
    if (attach) { attach.disabled = !on; }
  }

  function hideSendError() {
    if (!sendError) { return; }
    sendError.hidden = true;
    sendError.textContent = '';
  }

  function disableSending() {
    if (sendForm) {
      text.disabled = true;
      document.getElementById('send-button').disabled = true;
      var attach = document.getElementById('attach');
      if (attach) { attach.disabled = true; }
    }
  }

  function onInput() {
    if (main.dataset.muted === 'true' || state.ended) { return; }   // the muted are not shown typing
    var now = Date.now();
    if (now - state.lastTypingSent > 2000) {
      state.lastTypingSent = now;
      send({ type: 'typing' });
    }
  }

  // ---- history on scroll ----

  function loadOlder() {
    if (state.loadingOlder || !state.nextBefore) { return Promise.resolve(); }
    state.loadingOlder = true;
    return call('GET', base + '/history?before=' + state.nextBefore).then(function (page) {
      var height = scroller.scrollHeight;
      page.lines.forEach(function (line) {
        if (!state.seen.has(line.message.id)) {
          state.seen.add(line.message.id);
          list.insertBefore(messageElement(line.message, line.mine, line.deletable), list.firstChild);
        }
      });
      scroller.scrollTop += scroller.scrollHeight - height;
      state.nextBefore = page.nextBefore || 0;
      olderButton.hidden = !state.nextBefore;
    }).catch(function (error) {
      showSendError(error.message);
    }).then(function () {
      state.loadingOlder = false;
    });
  }

  // ---- members ----

  var refreshTimer = null;
  function refreshMembersSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshMembers, 300);
  }

  function refreshMembers() {
    if (!membersList || state.ended) { return; }
    call('GET', base + '/members').then(function (members) {
      var active = members.filter(function (m) { return !m.banned; });
      var banned = members.filter(function (m) { return m.banned; });
      replaceChildren(membersList, active.map(memberElement));
      if (bannedList) { replaceChildren(bannedList, banned.map(memberElement)); }
      document.getElementById('member-count').textContent = active.length;
      document.getElementById('member-word').textContent = texts.count('js.room.memberWord', active.length);
      var self = members.filter(function (m) { return m.self; })[0];
      if (self && !self.banned && !self.muted && main.dataset.muted === 'true') {
        setUnmuted();
      }
    }).catch(function () { /* the next change refreshes again */ });
  }

  function memberElement(m) {
    var li = el('li', 'member' + (m.banned ? ' banned' : ''));
    li.dataset.user = m.userId;
    li.dataset.membership = m.id;
    var dot = el('span', 'dot ' + (m.online ? 'on' : 'off'));
    dot.title = m.online ? T('js.member.online') : T('js.member.offline');
    li.appendChild(dot);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(el('span', 'who', m.display));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(roleBadge(m.role));
    if (m.muted) { li.appendChild(el('span', 'badge badge-muted', T('js.member.muted'))); }
    if (m.banned) { li.appendChild(el('span', 'badge badge-banned', T('js.member.banned'))); }
    if (m.mutedByMe) { li.appendChild(el('span', 'badge', T('js.member.hiddenByYou'))); }
    var actions = el('span', 'actions');
    if (m.moderate && !m.banned) {
      actions.appendChild(actButton('kick', T('js.member.kick'), m));
      actions.appendChild(actButton('ban', T('js.member.ban'), m));
      actions.appendChild(m.muted ? actButton('unmute', T('js.member.unmute'), m) : actButton('mute', T('js.member.mute'), m));
    }
    if (m.moderate && m.banned) { actions.appendChild(actButton('unban', T('js.member.unban'), m)); }
    if (m.appoint) {
      actions.appendChild(m.role === 'ADMIN' ? actButton('member', T('js.member.removeAdmin'), m) : actButton('admin', T('js.member.makeAdmin'), m));
    }
    if (!m.self) {
      var personal = m.mutedByMe ? actButton('personal-unmute', T('js.member.show'), m) : actButton('personal-mute', T('js.member.hide'), m);
      personal.classList.add('quiet');
      actions.appendChild(personal);
    }
    li.appendChild(actions);
    return li;
  }

  function actButton(act, label, m) {
    var button = el('button', 'small', label);
    button.type = 'button';
    button.dataset.act = act;
    button.dataset.membership = m.id;
    button.dataset.user = m.userId;
    button.dataset.name = m.display;
    return button;
  }

  // ---- moderation and personal mutes ----

  var dialog = document.getElementById('act-dialog');
  var dialogAction = null;

  function onAct(event) {
    var button = event.target.closest('button[data-act]');
    if (!button || !main.contains(button)) { return; }
    if (window.sudaConversation && window.sudaConversation.onAct(button)) { return; }   // conversation.js
    var act = button.dataset.act;
    var name = button.dataset.name || '';
    if (act === 'delete-message') {
      call('POST', base + '/messages/' + button.dataset.id + '/delete').catch(function (e) { showSendError(e.message); });
    } else if (act === 'personal-mute' || act === 'personal-unmute') {
      var muted = act === 'personal-mute';
      call('POST', base + '/mutes/' + button.dataset.user, { muted: muted }).then(function () {
        if (muted) {
          Array.prototype.forEach.call(list.querySelectorAll('li.msg[data-sender="' + Number(button.dataset.user) + '"]'),
            function (li) { if (!li.classList.contains('system')) { li.remove(); } });
        }
        refreshMembers();
      }).catch(function (e) { showSendError(e.message); });
    } else if (act === 'delete-room') {
      ask(T('js.room.deleteConfirm'), false, false, function () {
        return call('POST', base + '/delete').then(function () { location.href = '/rooms'; });
      });
    } else if (act === 'admin' || act === 'member') {
      call('POST', base + '/members/' + button.dataset.membership + '/' + act).then(refreshMembers)
        .catch(function (e) { showSendError(e.message); });
    } else {
      ask(T('js.act.' + act, name), true, act === 'ban' || act === 'mute', function (fields) {
        return call('POST', base + '/members/' + button.dataset.membership + '/' + act, fields).then(refreshMembers);
      });
    }
  }

  function ask(title, withReason, withMinutes, action) {
    document.getElementById('act-title').textContent = title;
    document.getElementById('act-reason-label').hidden = !withReason;
    document.getElementById('act-minutes-label').hidden = !withMinutes;
    document.getElementById('act-reason').value = '';
    document.getElementById('act-minutes').value = '';
    document.getElementById('act-error').hidden = true;
    dialogAction = action;
    dialog.showModal();
  }

  function confirmAct(event) {
    event.preventDefault();
    var fields = {};
    var reason = document.getElementById('act-reason').value;
    var minutes = document.getElementById('act-minutes').value;
    if (reason) { fields.reason = reason; }
    if (minutes) { fields.minutes = minutes; }
    dialogAction(fields).then(function () {
      dialog.close();
    }).catch(function (error) {
      var line = document.getElementById('act-error');
      line.textContent = error.message;
      line.hidden = false;
    });
  }

  // ---- small things ----

  function el(tag, className, content) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (content !== undefined && content !== null) { element.textContent = content; }
    return element;
  }

  function roleBadge(role) {
    var badge = el('span', 'role role-' + String(role).toLowerCase(), texts.has('js.role.' + role) ? T('js.role.' + role) : role);
    return badge;
  }

  function timeElement(iso) {
    var time = el('time', null, localTime(iso));
    time.dateTime = iso;
    time.title = texts.fullTime(iso);
    return time;
  }

  function localTime(iso) {
    return texts.time(iso);
  }

  /** A sentence of strings, elements (a <time>) and nested lists of them, as nodes: never parsed as HTML. */
  function sentence(parts) {
    var fragment = document.createDocumentFragment();
    (function add(part) {
      if (part === null || part === undefined || part === '') { return; }
      if (Array.isArray(part)) { part.forEach(add); return; }
      fragment.appendChild(typeof part === 'string' ? document.createTextNode(part) : part);
    })(parts);
    return fragment;
  }

  function localTimes(root) {
    texts.times(root);
  }

  /**
   * A sanction's sentence: key, key.until, key.reason or key.until.reason, as the frame carries an end and a reason;
   * parts for sentence(), the end as a <time> in the reader's zone.
   */
  function sanction(key, until, reason) {
    if (until && reason) { return texts.parts(key + '.until.reason', timeElement(until), reason); }
    if (until) { return texts.parts(key + '.until', timeElement(until)); }
    return reason ? texts.parts(key + '.reason', reason) : T(key);
  }

  function replaceChildren(parent, children) {
    while (parent.firstChild) { parent.removeChild(parent.firstChild); }
    children.forEach(function (child) { parent.appendChild(child); });
  }

  /** The banner line; {@code message} is a string or a list of strings and elements (see sentence). */
  function showBanner(kind, message) {
    if (!banner) { return; }
    banner.className = 'banner banner-' + kind;
    banner.textContent = '';
    banner.appendChild(sentence(message));
    banner.hidden = false;
  }

  function hideBanner() {
    if (banner) { banner.hidden = true; banner.textContent = ''; }
  }

  function isAtBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60;
  }

  function scrollToBottom() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  // ---- wiring ----

  main.addEventListener('click', onAct);
  if (dialog) {
    document.getElementById('act-form').addEventListener('submit', confirmAct);
    document.getElementById('act-cancel').addEventListener('click', function () { dialog.close(); });
  }
  if (sendForm) {
    sendForm.addEventListener('submit', submit);
    text.addEventListener('input', onInput);
    text.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        sendForm.requestSubmit();
      }
    });
    scroller.addEventListener('scroll', function () { if (scroller.scrollTop < 40) { loadOlder(); } });
    olderButton.addEventListener('click', loadOlder);
    if (main.dataset.muted === 'true') { setMuted(main.dataset.mutedUntil || null, main.dataset.muteReason || null); }
    scrollToBottom();
    connect();
  }
})();
