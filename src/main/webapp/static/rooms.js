// The room list keeps its unread and mention counts current: when the tab is shown again (back from a room, or from
// another tab) and every 30 seconds while it is in view, it reads the same page again and takes its counts.
(function () {
  'use strict';

  var list = document.getElementById('room-list');
  if (!list) { return; }
  var BADGES = ['unread-count', 'mention-count'];

  function take(fresh) {
    Array.prototype.forEach.call(list.querySelectorAll('li.room-item[data-room]'), function (item) {
      var source = fresh.querySelector('li.room-item[data-room="' + Number(item.dataset.room) + '"]');
      if (!source) { return; }
      BADGES.forEach(function (name) {
        var now = item.querySelector('.' + name);
        var next = source.querySelector('.' + name);
        if (now && !next) { now.remove(); }
        if (next && now) { now.textContent = next.textContent; }
        if (next && !now) {
          var before = name === 'unread-count' ? item.querySelector('.mention-count, .counts') : item.querySelector('.counts');
          item.insertBefore(document.importNode(next, true), before);
        }
      });
    });
  }

  function refresh() {
    if (document.visibilityState !== 'visible') { return; }
    fetch(location.href, { credentials: 'same-origin' }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html) { take(new DOMParser().parseFromString(html, 'text/html')); }
    }).catch(function () { /* the next refresh tries again */ });
  }

  document.addEventListener('visibilitychange', refresh);
  window.addEventListener('pageshow', function (event) { if (event.persisted) { refresh(); } });
  setInterval(refresh, 30000);
})();
