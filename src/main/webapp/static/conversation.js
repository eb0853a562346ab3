// Replies, reactions, edits and mentions on the room page (issue 33). room.js owns the socket and the message list; it calls
// decorate() for every message it builds, onFrame() for frames it does not know, onAct() for buttons it does not
// know, and takeReply() as it sends. Everything is built with textContent, never as HTML.
(function () {
  'use strict';

  var main = document.getElementById('room');
  var list = document.getElementById('messages');
  var text = document.getElementById('text');
  var replyingLine = document.getElementById('replying');
  if (!main || !list) { return; }
  var me = Number(main.dataset.me);
  var replyTo = null;   // {id} while the next message answers one
  var texts = window.sudaTexts;
  var T = texts.t;
  var PICKS = ['👍', '❤️', '😂', '😮', '😢', '🙏', '🎉', '👀'];

  function el(tag, className, content) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (content !== undefined && content !== null) { element.textContent = content; }
    return element;
  }

  function messageLi(id) {
    return list.querySelector('li.msg[data-id="' + Number(id) + '"]');
  }

  // ---- replies ----

  function quoteElement(quote) {
    if (quote.deleted) {
      var gone = el('div', 'quote quote-deleted', T('js.quote.deleted'));
      gone.dataset.quote = quote.id;
      return gone;
    }
    var button = el('button', 'quote');
    button.type = 'button';
    button.dataset.act = 'jump';
    button.dataset.quote = quote.id;
    button.appendChild(el('span', 'quote-who', quote.senderDisplay));
    button.appendChild(document.createTextNode(' '));
    button.appendChild(el('span', 'quote-text', quote.excerpt));
    return button;
  }

  function linkButton(meta, act, label) {
    var button = el('button', 'link', label);
    button.type = 'button';
    button.dataset.act = act;
    meta.appendChild(document.createTextNode(' '));
    meta.appendChild(button);
  }

  /** reply on every message, edit on one's own (the server says when the edit window has closed). */
  function replyButton(li) {
    var meta = li.querySelector('.meta');
    if (!meta || meta.querySelector('[data-act="reply"]') || li.classList.contains('pending') || !text) { return; }
    linkButton(meta, 'reply', T('js.msg.reply'));
    if (Number(li.dataset.sender) === me) { linkButton(meta, 'edit', T('js.msg.edit')); }
  }

  // ---- mentions ----

  /** A message whose mentions name the viewer is marked (and so highlighted), live, in history and after an edit. */
  function markMentioned(li, mentions) {
    li.classList.toggle('mentioned', Array.isArray(mentions) && mentions.indexOf(me) >= 0);
  }

  // ---- edits ----

  function markEdited(li, editedAt) {
    var meta = li.querySelector('.meta');
    if (!meta || meta.querySelector('.edited')) { return; }
    var mark = el('span', 'edited', T('js.msg.edited'));
    mark.dataset.edited = editedAt;
    mark.title = T('js.msg.editedAt', texts.fullTime(editedAt));
    meta.appendChild(document.createTextNode(' '));
    meta.appendChild(mark);
  }

  function startEdit(li) {
    var body = li.querySelector('.text');
    if (!body || li.querySelector('form.edit')) { return; }
    var form = el('form', 'edit');
    var area = el('textarea');
    area.value = body.textContent;
    area.maxLength = 4000;
    area.rows = 2;
    area.setAttribute('aria-label', T('js.edit.label'));
    var save = el('button', 'small', T('js.edit.save'));
    save.type = 'submit';
    var cancel = el('button', 'small quiet', T('js.edit.cancel'));
    cancel.type = 'button';
    cancel.dataset.act = 'cancel-edit';
    form.appendChild(area);
    form.appendChild(save);
    form.appendChild(cancel);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!area.value.trim()) { return; }
      if (area.value !== body.textContent) {
        window.suda.send({ type: 'editMessage', id: Number(li.dataset.id), content: area.value });
      }
      finishEdit(li);
    });
    area.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); form.requestSubmit(); }
      if (event.key === 'Escape') { finishEdit(li); }
    });
    body.hidden = true;
    body.parentNode.insertBefore(form, body.nextSibling);
    area.focus();
  }

  function finishEdit(li) {
    var form = li.querySelector('form.edit');
    if (form) { form.remove(); }
    var body = li.querySelector('.text');
    if (body) { body.hidden = false; }
  }

  function messageEdited(frame) {
    var li = messageLi(frame.id);
    if (li) {
      var body = li.querySelector('.text');
      if (body) { body.textContent = frame.content; }
      markEdited(li, frame.editedAt);
      markMentioned(li, frame.mentions);
    }
    var excerpt = Array.from(frame.content);
    var shown = excerpt.slice(0, 100).join('') + (excerpt.length > 100 ? '…' : '');
    Array.prototype.forEach.call(list.querySelectorAll('.quote[data-quote="' + Number(frame.id) + '"] .quote-text'),
      function (quoteText) { quoteText.textContent = shown; });
  }

  function startReply(li) {
    var who = li.querySelector('.who');
    var body = li.querySelector('.text');
    var excerpt = body ? Array.from(body.textContent).slice(0, 100).join('') : '';
    replyTo = { id: Number(li.dataset.id) };
    while (replyingLine.firstChild) { replyingLine.removeChild(replyingLine.firstChild); }
    replyingLine.appendChild(document.createTextNode(T('js.reply.to') + ' '));
    replyingLine.appendChild(el('strong', null, who ? who.textContent : ''));
    replyingLine.appendChild(document.createTextNode(': '));
    replyingLine.appendChild(el('span', 'quote-text', excerpt));
    var cancel = el('button', 'link', T('js.reply.cancel'));
    cancel.type = 'button';
    cancel.dataset.act = 'cancel-reply';
    replyingLine.appendChild(document.createTextNode(' '));
    replyingLine.appendChild(cancel);
    replyingLine.hidden = false;
    text.focus();
  }

  function cancelReply() {
    replyTo = null;
    replyingLine.hidden = true;
    while (replyingLine.firstChild) { replyingLine.removeChild(replyingLine.firstChild); }
  }

  /** Scrolls to the original, loading older history page by page until it is on the page or history ends. */
  function jump(id, pagesLeft) {
    var target = messageLi(id);
    if (target) {
      target.scrollIntoView({ block: 'center' });
      target.classList.remove('flash');
      void target.offsetWidth;   // restart the animation
      target.classList.add('flash');
      return;
    }
    // only what is older than the oldest message shown can still be loaded
    if (pagesLeft <= 0 || !window.suda.nextBefore || id >= window.suda.nextBefore) { return; }
    var before = window.suda.nextBefore;
    window.suda.loadOlder().then(function () {
      if (window.suda.nextBefore !== before || messageLi(id)) { jump(id, pagesLeft - 1); }
    });
  }

  // ---- what room.js calls ----

  function decorate(li, message) {
    if (message.kind !== 'USER') { return; }
    replyButton(li);
    if (message.replyTo) { li.insertBefore(quoteElement(message.replyTo), li.querySelector('.text')); }
    if (message.editedAt) { markEdited(li, message.editedAt); }
    markMentioned(li, message.mentions);
    var chips = el('div', 'reactions');
    chips.dataset.for = message.id;
    li.appendChild(chips);
    renderChips(chips, message.reactions || []);
  }

  // ---- reactions ----

  function renderChips(container, counts) {
    while (container.firstChild) { container.removeChild(container.firstChild); }
    counts.forEach(function (reaction) {
      var chip = el('button', 'chip' + (reaction.mine ? ' mine' : ''), reaction.emoji + ' ');
      chip.type = 'button';
      chip.dataset.act = 'react';
      chip.dataset.emoji = reaction.emoji;
      chip.setAttribute('aria-pressed', reaction.mine ? 'true' : 'false');
      chip.appendChild(el('span', 'count', String(reaction.count)));
      container.appendChild(chip);
    });
    if (text) {
      var add = el('button', 'chip add', '+');
      add.type = 'button';
      add.dataset.act = 'pick';
      add.title = T('js.react');
      add.setAttribute('aria-label', T('js.react'));
      container.appendChild(add);
    }
  }

  /** A reactions frame: the counts are everyone's; which are mine this page knows, and learns from my own changes. */
  function reactionsChanged(frame) {
    var container = list.querySelector('.reactions[data-for="' + Number(frame.messageId) + '"]');
    if (!container) { return; }
    var mine = new Set();
    Array.prototype.forEach.call(container.querySelectorAll('.chip.mine'), function (chip) { mine.add(chip.dataset.emoji); });
    if (frame.userId === me) {
      if (frame.reacted) { mine.add(frame.emoji); } else { mine.delete(frame.emoji); }
    }
    renderChips(container, frame.counts.map(function (count) {
      return { emoji: count.emoji, count: count.count, mine: mine.has(count.emoji) };
    }));
  }

  function closePicker() {
    var open = list.querySelector('.picker');
    if (open) { open.remove(); }
  }

  function openPicker(button) {
    var container = button.closest('.reactions');
    var wasOpen = container.querySelector('.picker');
    closePicker();
    if (wasOpen) { return; }
    var picker = el('span', 'picker');
    picker.setAttribute('role', 'menu');
    PICKS.forEach(function (emoji) {
      var choice = el('button', 'pick', emoji);
      choice.type = 'button';
      choice.dataset.act = 'pick-emoji';
      choice.dataset.emoji = emoji;
      choice.setAttribute('role', 'menuitem');
      picker.appendChild(choice);
    });
    container.appendChild(picker);
  }

  function react(li, emoji, on) {
    window.suda.send({ type: on ? 'react' : 'unreact', messageId: Number(li.dataset.id), emoji: emoji });
  }

  function onFrame(frame) {
    if (frame.type === 'messageDeleted') {
      Array.prototype.forEach.call(list.querySelectorAll('[data-quote="' + Number(frame.id) + '"]'), function (quote) {
        quote.parentNode.replaceChild(quoteElement({ id: frame.id, deleted: true }), quote);
      });
      if (replyTo && replyTo.id === Number(frame.id)) { cancelReply(); }
      return true;
    }
    if (frame.type === 'messageEdited') {
      messageEdited(frame);
      return true;
    }
    if (frame.type === 'reactions') {
      reactionsChanged(frame);
      return true;
    }
    return false;
  }

  function onAct(button) {
    var act = button.dataset.act;
    var li = button.closest('li.msg');
    if (act === 'reply' && li) {
      startReply(li);
    } else if (act === 'cancel-reply') {
      cancelReply();
    } else if (act === 'jump') {
      jump(Number(button.dataset.quote), 50);
    } else if (act === 'edit' && li) {
      startEdit(li);
    } else if (act === 'cancel-edit' && li) {
      finishEdit(li);
    } else if (act === 'react' && li) {
      react(li, button.dataset.emoji, !button.classList.contains('mine'));
    } else if (act === 'pick' && li) {
      openPicker(button);
    } else if (act === 'pick-emoji' && li) {
      var chosen = li.querySelector('.chip.mine[data-emoji="' + CSS.escape(button.dataset.emoji) + '"]');
      if (!chosen) { react(li, button.dataset.emoji, true); }
      closePicker();
    } else {
      return false;
    }
    return true;
  }

  function takeReply() {
    var id = replyTo ? replyTo.id : null;
    cancelReply();
    return id;
  }

  // the messages the server rendered get their buttons, and their edit marks the time as a tooltip, here
  Array.prototype.forEach.call(list.querySelectorAll('li.msg:not(.system)'), replyButton);
  Array.prototype.forEach.call(list.querySelectorAll('.edited[data-edited]'), function (mark) {
    mark.title = T('js.msg.editedAt', texts.fullTime(mark.dataset.edited));
  });

  window.sudaConversation = { decorate: decorate, onFrame: onFrame, onAct: onAct, takeReply: takeReply };
})();
