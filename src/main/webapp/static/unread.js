// Unread messages on the room page (issue 33). The page opens at the first message the reader has not read (other
// people's, after the server's read marker, data-last-read), under a "new messages" divider, loading older history
// when the unread run starts before the first page. As messages come into view in a visible tab, the newest one seen
// is sent as a `read` frame (debounced); the marker only moves forward on the server, and the reader's other tabs
// hear `readUpTo`. room.js owns the socket and the list; it passes frames to onFrame().
(function () {
  'use strict';

  var main = document.getElementById('room');
  var list = document.getElementById('messages');
  var scroller = document.getElementById('scroller');
  if (!main || !list || !scroller || main.dataset.member !== 'true' || !window.suda) { return; }
  var me = Number(main.dataset.me);
  var roomId = Number(main.dataset.room);
  var marker = Number(main.dataset.lastRead) || 0;   // where the server's marker stands, as far as this tab knows
  var openedAt = marker;                              // the divider goes above the first message after this
  var firstUnread = Number(main.dataset.firstUnread) || 0;   // the server's first unread message (0: none)
  var seenUpTo = marker;                              // the newest message this tab has shown in view
  var ready = false;                                  // nothing is marked read before the page settled where it opens
  var timer = null;
  var MAX_PAGES = 10;   // how far back the page goes to find the first unread message

  function unreadLi() {
    var items = list.querySelectorAll('li.msg[data-id]');
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      if (Number(li.dataset.id) > openedAt && !li.classList.contains('system') && Number(li.dataset.sender) !== me) {
        return li;
      }
    }
    return null;
  }

  function oldestShown() {
    var first = list.querySelector('li.msg[data-id]');
    return first ? Number(first.dataset.id) : 0;
  }

  /** Loads older pages while the first unread message (as the server found it on opening) is before what is shown. */
  function reachMarker(pages) {
    if (!firstUnread || pages >= MAX_PAGES || !window.suda.nextBefore || oldestShown() <= firstUnread) { return Promise.resolve(); }
    return window.suda.loadOlder().then(function () { return reachMarker(pages + 1); });
  }

  function placeDivider() {
    var first = unreadLi();
    if (!first) { return; }
    var divider = document.createElement('li');
    divider.className = 'unread-divider';
    divider.id = 'unread-divider';
    divider.setAttribute('role', 'separator');
    var label = document.createElement('span');
    label.textContent = window.sudaTexts.t('js.unread.divider');
    divider.appendChild(label);
    list.insertBefore(divider, first);
    scroller.scrollTop = Math.max(0, divider.offsetTop - scroller.offsetTop - 8);
  }

  // ---- marking read as messages come into view ----

  function flush() {
    timer = null;
    if (seenUpTo <= marker || document.visibilityState !== 'visible') { return; }
    if (window.suda.send({ type: 'read', lastReadId: seenUpTo })) {
      marker = seenUpTo;
    } else {
      later();   // the socket is reconnecting
    }
  }

  function later() {
    if (!timer) { timer = setTimeout(flush, 600); }
  }

  var visible = new Set();
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var id = Number(entry.target.dataset.id);
      if (entry.isIntersecting) { visible.add(id); } else { visible.delete(id); }
    });
    seen();
  }, { root: scroller, threshold: 0.6 });

  function seen() {
    if (!ready || document.visibilityState !== 'visible') { return; }
    visible.forEach(function (id) { if (id > seenUpTo) { seenUpTo = id; } });
    if (seenUpTo > marker) { later(); }
  }

  function observe(li) {
    if (li.nodeType === 1 && li.dataset && li.dataset.id) { observer.observe(li); }
  }

  Array.prototype.forEach.call(list.querySelectorAll('li.msg[data-id]'), observe);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, observe);
      Array.prototype.forEach.call(change.removedNodes, function (node) {
        if (node.nodeType === 1) { observer.unobserve(node); }
      });
    });
  }).observe(list, { childList: true });
  document.addEventListener('visibilitychange', seen);

  window.sudaUnread = {
    onFrame: function (frame) {
      // another tab (or this one) moved the marker: nothing to send up to there
      if (frame.type === 'readUpTo' && Number(frame.roomId) === roomId && frame.lastReadId > marker) {
        marker = frame.lastReadId;
      }
    }
  };

  reachMarker(0).then(placeDivider).then(function () {
    // the observer reports what the scroll to the divider hid or showed first
    setTimeout(function () { ready = true; seen(); }, 300);
  });
})();
