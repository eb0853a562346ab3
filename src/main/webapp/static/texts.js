// The page's words and times in the reader's language. The server renders the texts the scripts need into
// <script type="application/json" id="texts"> (the same bundle the page itself is written from) and sets
// <html lang>; times are formatted here, in the browser's own time zone, in the page's language (with the
// browser's regional variant of it when it has one: en-GB gets day/month).
(function () {
  'use strict';

  var element = document.getElementById('texts');
  var texts = {};
  try { texts = element ? JSON.parse(element.textContent) : {}; } catch (e) { texts = {}; }
  var lang = document.documentElement.lang || 'en';
  var browserLanguages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || lang];
  var locale = browserLanguages.filter(function (tag) { return String(tag).split('-')[0] === lang; })[0] || lang;

  /**
   * The text of a key with its arguments in {0}, {1}, ... (the same patterns the server formats with
   * MessageFormat, so a text with arguments writes an apostrophe as ''); a missing key shows as itself.
   */
  function t(key) {
    var args = Array.prototype.slice.call(arguments, 1);
    var text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : '???' + key + '???';
    if (args.length) {
      text = text.replace(/\{(\d+)\}/g, function (all, n) {
        return args[n] !== undefined && args[n] !== null ? String(args[n]) : all;
      }).replace(/''/g, "'");
    }
    return text;
  }

  /**
   * The same text as a list of strings and the arguments themselves, so that an argument may be an element (a
   * <time>, a name in <strong>) placed where the language puts it; the caller appends them as nodes.
   */
  function parts(key) {
    var args = Array.prototype.slice.call(arguments, 1);
    var text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : '???' + key + '???';
    var out = [];
    text.split(/(\{\d+\})/).forEach(function (piece) {
      var n = /^\{(\d+)\}$/.exec(piece);
      if (n && args[n[1]] !== undefined && args[n[1]] !== null) { out.push(args[n[1]]); }
      else if (piece) { out.push(args.length ? piece.replace(/''/g, "'") : piece); }
    });
    return out;
  }

  function has(key) {
    return Object.prototype.hasOwnProperty.call(texts, key);
  }

  /** A count's text: key.one or key.other by the language's plural rules, with the count as {0}. */
  function count(key, n) {
    var rule = typeof Intl !== 'undefined' && Intl.PluralRules ? new Intl.PluralRules(locale).select(n) : (n === 1 ? 'one' : 'other');
    return t(has(key + '.' + rule) ? key + '.' + rule : key + '.other', n);
  }

  /**
   * What a refusal says to the reader: the text for its code (error.<code>), with the times and other data the
   * refusal carries filled in (error.<code>.until when it carries an end time); the server's own words when the
   * bundle has no text for the code; the fallback when there are none.
   */
  function error(problem, fallback) {
    problem = problem || {};
    var code = problem.code;
    var detail = problem.detail || problem.message;
    // a fault of the server: its incident reference (problem JSON's ref, an error frame's incident) leads to the log
    var incident = problem.incident || (problem.status >= 500 && problem.ref);
    if (code === 'internal' && incident) { return t('error.fault', incident); }
    if (code && problem.until && has('error.' + code + '.until')) {
      return t('error.' + code + '.until', time(problem.until));
    }
    if (code && has('error.' + code)) {
      var fields = Array.isArray(problem.errors) ? problem.errors.map(function (e) {
        return t('error.field', has('error.field.' + e.field) ? t('error.field.' + e.field) : e.field, e.message);
      }) : [];
      return t('error.' + code) + (fields.length ? ': ' + fields.join('; ') : '');
    }
    return detail || fallback || t('error.internal');
  }

  var formats = {};
  function format(name, options) {
    if (!formats[name]) {
      try { formats[name] = new Intl.DateTimeFormat(locale, options); } catch (e) { formats[name] = new Intl.DateTimeFormat(undefined, options); }
    }
    return formats[name];
  }

  /** An instant (ISO-8601) as the reader reads it: the time alone if it is today, else date and time. */
  function time(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return iso; }
    var today = new Date().toDateString() === date.toDateString();
    return today ? format('time', { hour: 'numeric', minute: '2-digit' }).format(date)
      : format('full', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }

  /** The full date and time, for a tooltip. */
  function fullTime(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? iso : format('long', { dateStyle: 'full', timeStyle: 'medium' }).format(date);
  }

  /** Writes every <time datetime> under root in the reader's time zone and language, with the full time as a tooltip. */
  function times(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll('time[datetime]'), function (element) {
      var iso = element.getAttribute('datetime');
      element.textContent = time(iso);
      element.title = fullTime(iso);
    });
  }

  window.sudaTexts = { lang: lang, locale: locale, t: t, parts: parts, has: has, count: count, error: error, time: time, fullTime: fullTime, times: times };
})();
