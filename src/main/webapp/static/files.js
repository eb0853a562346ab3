/* Files in the room page (issue 31): attach button, drag-and-drop and paste into the send box, upload progress,
 * and how attachments look in the message list. The room script asks window.sudaFiles for the uploads that are
 * ready when it sends, and for the markup of a message's attachments. Uploads go to /files/rooms/{id} on the
 * browser's session with the CSRF header; everything people named is set with textContent. */
(function () {
  'use strict';

  var main = document.getElementById('room');
  if (!main) { return; }
  var roomId = main.dataset.room;
  var csrf = main.dataset.csrf;
  var form = document.getElementById('send');
  var text = document.getElementById('text');
  var input = document.getElementById('attach-input');
  var button = document.getElementById('attach');
  var tray = document.getElementById('uploads');
  var sendError = document.getElementById('send-error');
  var texts = window.sudaTexts;
  var T = texts.t;
  var uploads = [];   // {file, id, element, done, failed}

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = content; }
    return node;
  }

  var number = new Intl.NumberFormat(texts.locale, { maximumFractionDigits: 1 });
  function size(bytes) {
    if (bytes < 1024) { return number.format(bytes) + ' B'; }
    if (bytes < 1024 * 1024) { return number.format(bytes / 1024) + ' KB'; }
    return number.format(bytes / 1024 / 1024) + ' MB';
  }

  function showError(message, code) {
    sendError.textContent = message;
    sendError.dataset.code = code || '';
    sendError.hidden = false;
  }

  function refreshRequired() {
    if (text) { text.required = !uploads.some(function (u) { return u.done; }); }
  }

  function upload(file) {
    if (!tray) { return; }
    var entry = { file: file, id: null, done: false, failed: false };
    var chip = el('li', 'upload');
    chip.appendChild(el('span', 'upload-name', file.name || T('js.files.pasted')));
    chip.appendChild(document.createTextNode(' '));
    var bar = el('progress', 'upload-progress');
    bar.max = 100;
    bar.value = 0;
    chip.appendChild(bar);
    var remove = el('button', 'link upload-remove', '×');
    remove.type = 'button';
    remove.setAttribute('aria-label', T('js.files.remove', file.name || T('js.files.pasted')));
    remove.addEventListener('click', function () {
      uploads = uploads.filter(function (u) { return u !== entry; });
      chip.remove();
      if (entry.request) { entry.request.abort(); }
      refreshRequired();
    });
    chip.appendChild(remove);
    entry.element = chip;
    tray.appendChild(chip);
    uploads.push(entry);

    var body = new FormData();
    body.append('file', file, file.name || 'pasted.png');
    var request = new XMLHttpRequest();
    entry.request = request;
    request.open('POST', '/files/rooms/' + roomId);
    request.setRequestHeader('X-CSRF-Token', csrf);
    request.upload.onprogress = function (event) {
      if (event.lengthComputable) { bar.value = Math.round(100 * event.loaded / event.total); }
    };
    request.onload = function () {
      var json = null;
      try { json = JSON.parse(request.responseText); } catch (e) { json = null; }
      if (request.status === 201 && json) {
        entry.id = json.id;
        entry.done = true;
        bar.value = 100;
        chip.classList.add('ready');
        chip.dataset.fileId = json.id;
      } else {
        entry.failed = true;
        chip.classList.add('failed');
        uploads = uploads.filter(function (u) { return u !== entry; });
        var message = texts.error(json, T('js.files.failed', request.status));
        showError(T('js.files.couldNotAttach', file.name || T('js.files.pasted'), message), json && json.code);
        setTimeout(function () { chip.remove(); }, 4000);
      }
      refreshRequired();
    };
    request.onerror = function () {
      entry.failed = true;
      chip.classList.add('failed');
      uploads = uploads.filter(function (u) { return u !== entry; });
      showError(T('js.files.couldNotAttach', file.name || T('js.files.pasted'), T('js.files.connectionFailed')));
    };
    request.send(body);
  }

  function uploadAll(files) {
    Array.prototype.forEach.call(files || [], upload);
  }

  if (button && input) {
    button.addEventListener('click', function () { input.click(); });
    input.addEventListener('change', function () {
      uploadAll(input.files);
      input.value = '';
    });
  }
  if (form) {
    form.addEventListener('dragover', function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, 'Files') >= 0) {
        event.preventDefault();
        form.classList.add('dropping');
      }
    });
    form.addEventListener('dragleave', function () { form.classList.remove('dropping'); });
    form.addEventListener('drop', function (event) {
      form.classList.remove('dropping');
      if (event.dataTransfer && event.dataTransfer.files.length) {
        event.preventDefault();
        uploadAll(event.dataTransfer.files);
      }
    });
  }
  if (text) {
    text.addEventListener('paste', function (event) {
      var files = event.clipboardData && event.clipboardData.files;
      if (files && files.length) {
        event.preventDefault();
        uploadAll(files);
      }
    });
  }

  /** A message's files: images as thumbnails that open the original, other files as a named link with the size. */
  function render(attachments) {
    var box = el('div', 'attachments');
    attachments.forEach(function (file) {
      var link = el('a', 'attachment');
      link.href = '/files/' + Number(file.id);
      link.dataset.fileId = file.id;
      if (file.thumbnailUrl) {
        link.target = '_blank';
        link.rel = 'noopener';
        var img = el('img', 'thumbnail');
        img.src = '/files/' + Number(file.id) + '/thumbnail';
        img.alt = file.name;
        if (file.width && file.height) {
          var scale = Math.min(1, 320 / Math.max(file.width, file.height));
          img.width = Math.round(file.width * scale);
          img.height = Math.round(file.height * scale);
        }
        link.appendChild(img);
      } else {
        link.setAttribute('download', file.name);
        link.classList.add('file');
        link.appendChild(el('span', 'file-name', file.name));
        link.appendChild(document.createTextNode(' '));
        link.appendChild(el('span', 'file-size', size(file.size)));
      }
      box.appendChild(link);
    });
    return box;
  }

  Array.prototype.forEach.call(document.querySelectorAll('.file-size[data-bytes]'), function (span) {
    span.textContent = size(Number(span.dataset.bytes));
  });

  window.sudaFiles = {
    /** The ids of finished uploads; the room script sends them with the next message. */
    ready: function () {
      return uploads.filter(function (u) { return u.done; }).map(function (u) { return u.id; });
    },
    busy: function () {
      return uploads.some(function (u) { return !u.done && !u.failed; });
    },
    clear: function () {
      uploads.forEach(function (u) { u.element.remove(); });
      uploads = [];
      refreshRequired();
    },
    render: render,
    size: size
  };
}());
