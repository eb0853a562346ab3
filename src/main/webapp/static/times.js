// Shows every <time datetime> of the page in the reader's own time zone (the server renders UTC).
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('time[datetime]'), function (time) {
    var date = new Date(time.getAttribute('datetime'));
    if (!isNaN(date.getTime())) {
      time.textContent = date.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
    }
  });
})();
