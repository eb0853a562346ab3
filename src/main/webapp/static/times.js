// Shows every <time datetime> of the page in the reader's own time zone and language (the server renders UTC).
(function () {
  'use strict';
  if (window.sudaTexts) { window.sudaTexts.times(document); }
})();
