// The room's voice channel: a full mesh of RTCPeerConnections, one per other participant, signalled over the
// room socket that room.js keeps open (voiceJoin, voiceLeave, voiceSignal, voiceMute; the server answers with
// voiceRoster, voiceJoined, voiceLeft, voiceSignal). The audio flows browser to browser; the server only passes
// the offers, answers and ICE candidates to the one participant they name. Negotiation is "perfect negotiation":
// either side may offer at any time, and of two that offer at once the polite one (the lower user id) gives way.
// The microphone is asked for only when the person joins voice. ICE servers (STUN/TURN, with fresh TURN
// credentials) come from the server as the person joins; nothing is built in.
(function () {
  'use strict';

  var main = document.getElementById('room');
  var bar = document.getElementById('voice');
  if (!main || !bar || !window.suda) { return; }
  var room = window.suda;   // room.js: the socket and its state
  var roomId = main.dataset.room;
  var me = Number(main.dataset.me);
  var moderator = Number(main.dataset.rank) >= 3;   // OWNER 4, ADMIN 3: the server still checks every voiceMute
  var csrf = main.dataset.csrf;
  var texts = window.sudaTexts;
  var T = texts.t;

  var joinButton = document.getElementById('voice-join');
  var leaveButton = document.getElementById('voice-leave');
  var micButton = document.getElementById('voice-mic');
  var note = document.getElementById('voice-note');
  var count = document.getElementById('voice-count');
  var rosterList = document.getElementById('voice-roster');
  var speakers = document.getElementById('voice-audio');

  var SPEAKING_LEVEL = 0.02;   // RMS of the waveform, 0..1, above which someone counts as speaking
  var SPEAKING_HOLD_MILLIS = 400;
  var RECENT_MILLIS = 5000;    // far longer than a frame takes to reach every node's sockets

  var voice = {
    joining: false,
    joined: false,
    seq: 0,                      // my place, from the answer to voiceJoin
    max: 0,
    participants: new Map(),     // userId -> {userId, display, muted, seq}
    peers: new Map(),            // userId -> {pc, polite, makingOffer, ignoreOffer, audio, track}
    meters: new Map(),           // userId -> {analyser, samples}
    levels: {},                  // userId -> the last level measured (for the speaking indicator)
    stream: null,
    micOn: true,
    serverMuted: false,
    iceServers: [],
    context: null,
    errors: [],                  // error frames about voice, newest last
    removedAt: {},               // userId -> Date.now() when this page took them out of voice
    meterTimer: null
  };
  window.sudaVoice = voice;

  // ---- talking to the server ----

  function send(frame) {
    if (room.socket && room.socket.readyState === WebSocket.OPEN) {
      room.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function signal(to, data) {
    send({ type: 'voiceSignal', to: to, data: data });
  }

  function iceServers() {
    return fetch('/rooms/' + roomId + '/voice', {
      method: 'POST', headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin'
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw new Error(texts.error(body)); }
        return body.iceServers || [];
      });
    });
  }

  // ---- joining and leaving ----

  function join() {
    if (voice.joined || voice.joining) { return; }
    if (!room.socket || room.socket.readyState !== WebSocket.OPEN) {
      say(T('js.voice.notConnected'));
      return;
    }
    voice.joining = true;
    say(T('js.voice.joiningNote'));
    render();
    // created on the click, so the browser lets it play
    voice.context = voice.context || new (window.AudioContext || window.webkitAudioContext)();
    voice.context.resume();
    iceServers().then(function (servers) {
      voice.iceServers = servers;
      return navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true }, video: false });
    }).then(function (stream) {
      voice.stream = stream;
      voice.micOn = true;
      if (!voice.joining || !send({ type: 'voiceJoin' })) {
        throw new Error(T('js.voice.dropped'));
      }
    }).catch(function (error) {
      voice.joining = false;
      stopMicrophone();
      say(error && error.name === 'NotAllowedError' ? T('js.voice.needsMic')
        : (error && error.message) || T('js.voice.couldNotJoin'));
      render();
    });
  }

  function joinedAs(frame) {
    voice.joining = false;
    voice.joined = true;
    voice.seq = frame.seq;
    voice.serverMuted = false;
    say('');
    applyRoster(frame);
    meter(me, voice.stream);
    startMeters();
    // the newcomer calls everyone already in voice; they answer (and may call back: perfect negotiation copes)
    voice.participants.forEach(function (p) { if (p.userId !== me) { peerFor(p.userId); } });
    render();
  }

  function leave() {
    if (!voice.joined && !voice.joining) { return; }
    send({ type: 'voiceLeave' });
    stop('');
  }

  /** Out of voice on this page: every connection closed, the microphone released. */
  function stop(message) {
    voice.joining = false;
    voice.joined = false;
    voice.seq = 0;
    voice.serverMuted = false;
    Array.from(voice.peers.keys()).forEach(dropPeer);
    voice.participants.delete(me);
    stopMicrophone();
    stopMeters();
    say(message);
    render();
  }

  function stopMicrophone() {
    if (voice.stream) {
      voice.stream.getTracks().forEach(function (track) { track.stop(); });
      voice.stream = null;
    }
  }

  function setMic(on) {
    voice.micOn = on;
    applyMicrophone();
    render();
  }

  function applyMicrophone() {
    if (voice.stream) {
      voice.stream.getAudioTracks().forEach(function (track) { track.enabled = voice.micOn && !voice.serverMuted; });
    }
  }

  // ---- the mesh: one connection per other participant ----

  function peerFor(userId) {
    var peer = voice.peers.get(userId);
    if (peer) { return peer; }
    var pc = new RTCPeerConnection({ iceServers: voice.iceServers });
    peer = { pc: pc, polite: me < userId, makingOffer: false, ignoreOffer: false, audio: null, track: null };
    voice.peers.set(userId, peer);
    voice.stream.getTracks().forEach(function (track) { pc.addTrack(track, voice.stream); });

    pc.onnegotiationneeded = function () {
      peer.makingOffer = true;
      pc.setLocalDescription().then(function () {
        signal(userId, { description: pc.localDescription.toJSON() });
      }).catch(function (error) {
        console.warn('voice: offer to ' + userId + ' failed', error);
      }).then(function () { peer.makingOffer = false; });
    };
    pc.onicecandidate = function (event) {
      if (event.candidate) { signal(userId, { candidate: event.candidate.toJSON() }); }
    };
    pc.ontrack = function (event) {
      var stream = event.streams[0] || new MediaStream([event.track]);
      peer.track = event.track;
      if (!peer.audio) {
        peer.audio = document.createElement('audio');
        peer.audio.autoplay = true;
        peer.audio.dataset.user = userId;
        speakers.appendChild(peer.audio);
      }
      peer.audio.srcObject = stream;
      applyServerMute(userId);
      meter(userId, stream);
    };
    pc.onconnectionstatechange = function () {
      if (pc.connectionState === 'failed') { pc.restartIce(); }
      render();
    };
    return peer;
  }

  /** An offer, answer or candidate from another participant; offers that collide are settled by politeness. */
  function onSignal(frame) {
    if (!voice.joined || !frame.data) { return; }
    var from = frame.from;
    if (!voice.participants.has(from)) {
      // the signal can outrun the voiceJoined that announces its sender; the server vouches that it is in voice
      voice.participants.set(from, { userId: from, display: '…', muted: false, seq: 0, heardAt: Date.now() });
    }
    var peer = peerFor(from);
    var pc = peer.pc;
    var data = frame.data;
    if (data.description) {
      var description = data.description;
      var collision = description.type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable');
      peer.ignoreOffer = !peer.polite && collision;
      if (peer.ignoreOffer) { return; }
      pc.setRemoteDescription(description).then(function () {
        if (description.type === 'offer') {
          return pc.setLocalDescription().then(function () {
            signal(from, { description: pc.localDescription.toJSON() });
          });
        }
      }).catch(function (error) { console.warn('voice: description from ' + from + ' failed', error); });
    } else if (data.candidate) {
      pc.addIceCandidate(data.candidate).catch(function (error) {
        if (!peer.ignoreOffer) { console.warn('voice: candidate from ' + from + ' failed', error); }
      });
    }
    render();
  }

  function dropPeer(userId) {
    var peer = voice.peers.get(userId);
    if (peer) {
      peer.pc.close();
      if (peer.audio) { peer.audio.srcObject = null; peer.audio.remove(); }
      voice.peers.delete(userId);
    }
    var gauge = voice.meters.get(userId);
    if (gauge) { gauge.source.disconnect(); voice.meters.delete(userId); }
    delete voice.levels[userId];
  }

  /** A server mute: nobody plays that speaker any more, and the speaker's own page stops sending. */
  function applyServerMute(userId) {
    var p = voice.participants.get(userId);
    var muted = !!(p && p.muted);
    var peer = voice.peers.get(userId);
    if (peer && peer.audio) { peer.audio.muted = muted; }
    if (peer && peer.track) { peer.track.enabled = !muted; }
  }

  // ---- who is in voice ----

  function applyRoster(frame) {
    voice.max = frame.max || voice.max;
    var next = new Map();
    var now = Date.now();
    (frame.participants || []).forEach(function (p) { next.set(p.userId, p); });
    voice.participants.forEach(function (p, userId) {
      if (next.has(userId)) { return; }
      // A roster read just before someone joined can arrive after their voiceJoined: recent joiners stay, and
      // so do I (my place ends with a voiceLeft naming it).
      if (userId === me ? voice.joined || voice.joining : now - (p.heardAt || 0) < RECENT_MILLIS) {
        next.set(userId, p);
      } else {
        removed(userId);
      }
    });
    voice.participants = next;
    next.forEach(function (p, userId) {
      if (userId === me) {
        if (voice.joined && p.muted !== voice.serverMuted) {
          voice.serverMuted = p.muted;
          applyMicrophone();
          say(p.muted ? T('js.voice.mutedByModerator') : T('js.voice.unmutedByModerator'));
        }
      } else {
        applyServerMute(userId);
        if (voice.joined && !voice.peers.has(userId)) { peerFor(userId); }
      }
    });
  }

  function removed(userId) {
    dropPeer(userId);
    voice.participants.delete(userId);
    voice.removedAt[userId] = Date.now();
  }

  function onJoined(frame) {
    if (frame.userId === me) { return; }   // my own join: the answer to voiceJoin says it; another tab's: voiceLeft follows
    var known = voice.participants.get(frame.userId);
    if (known && known.seq > frame.seq) { return; }
    if (known && known.seq && known.seq < frame.seq) { dropPeer(frame.userId); }   // they joined again elsewhere
    voice.participants.set(frame.userId, { userId: frame.userId, display: frame.display, muted: frame.muted, seq: frame.seq,
      heardAt: Date.now() });
    applyServerMute(frame.userId);
    render();
  }

  function onLeft(frame) {
    var reasons = {
      muted: T('js.voice.leftMuted'),
      kicked: T('js.voice.leftKicked'),
      banned: T('js.voice.leftBanned'),
      moved: T('js.voice.leftMoved'),
      left: ''
    };
    if (frame.userId === me) {
      if ((voice.joined || voice.joining) && frame.seq === voice.seq) { stop(reasons[frame.reason] || ''); }
      return;
    }
    var known = voice.participants.get(frame.userId);
    if (known && known.seq && known.seq > frame.seq) { return; }   // an older place of someone who is back
    if (known || voice.peers.has(frame.userId)) { removed(frame.userId); }
    render();
  }

  function onError(frame) {
    voice.errors.push(frame);
    if (frame.ref === 'voiceJoin') {
      voice.joining = false;
      stopMicrophone();
      say(texts.error(frame));
      render();
    } else if (frame.ref === 'voiceMute') {
      say(texts.error(frame));
    }
  }

  // ---- the speaking indicator: an AnalyserNode on every stream ----

  function meter(userId, stream) {
    if (!voice.context || !stream) { return; }
    var old = voice.meters.get(userId);
    if (old) { old.source.disconnect(); }
    var source = voice.context.createMediaStreamSource(stream);
    var analyser = voice.context.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    voice.meters.set(userId, { source: source, analyser: analyser, samples: new Uint8Array(analyser.fftSize) });
  }

  function startMeters() {
    if (!voice.meterTimer) { voice.meterTimer = setInterval(measure, 100); }
  }

  function stopMeters() {
    clearInterval(voice.meterTimer);
    voice.meterTimer = null;
    voice.meters.forEach(function (gauge) { gauge.source.disconnect(); });
    voice.meters.clear();
    voice.levels = {};
    Array.prototype.forEach.call(rosterList.querySelectorAll('.speaking'), function (li) { li.classList.remove('speaking'); });
  }

  function measure() {
    voice.meters.forEach(function (gauge, userId) {
      gauge.analyser.getByteTimeDomainData(gauge.samples);
      var sum = 0;
      for (var i = 0; i < gauge.samples.length; i++) {
        var v = (gauge.samples[i] - 128) / 128;
        sum += v * v;
      }
      var level = Math.sqrt(sum / gauge.samples.length);
      var p = voice.participants.get(userId);
      var silenced = (p && p.muted) || (userId === me && (!voice.micOn || voice.serverMuted));
      var now = Date.now();
      if (!silenced && level > SPEAKING_LEVEL) { gauge.loudAt = now; }
      // held for a moment, so that the ring does not flicker between syllables
      var speaking = !silenced && now - (gauge.loudAt || 0) < SPEAKING_HOLD_MILLIS;
      voice.levels[userId] = speaking ? Math.max(level, SPEAKING_LEVEL + 0.001) : 0;
      var li = rosterList.querySelector('li[data-user="' + Number(userId) + '"]');
      if (li) { li.classList.toggle('speaking', speaking); }
    });
  }

  // ---- what a test (or a curious person in the console) can read ----

  /** Inbound audio bytes received so far, by the participant they came from. */
  voice.inboundBytes = function () {
    var entries = Array.from(voice.peers.entries());
    return Promise.all(entries.map(function (entry) {
      return entry[1].pc.getStats().then(function (report) {
        var bytes = 0;
        report.forEach(function (stat) {
          if (stat.type === 'inbound-rtp' && stat.kind === 'audio') { bytes += stat.bytesReceived || 0; }
        });
        return [entry[0], bytes];
      });
    })).then(function (pairs) {
      var out = {};
      pairs.forEach(function (pair) { out[pair[0]] = pair[1]; });
      return out;
    });
  };

  // ---- showing it ----

  function say(message) {
    note.textContent = message || '';
    note.hidden = !message;
  }

  function render() {
    bar.dataset.state = voice.joined ? 'in' : voice.joining ? 'joining' : 'out';
    var full = voice.max > 0 && voice.participants.size >= voice.max && !voice.participants.has(me);
    joinButton.hidden = voice.joined;
    joinButton.disabled = voice.joining || full;
    joinButton.textContent = full ? T('js.voice.full') : voice.joining ? T('js.voice.joining') : T('js.voice.join');
    leaveButton.hidden = !voice.joined;
    micButton.hidden = !voice.joined;
    micButton.disabled = voice.serverMuted;
    micButton.textContent = voice.serverMuted ? T('js.voice.micMutedByModerator') : voice.micOn ? T('js.voice.micOn') : T('js.voice.micOff');
    micButton.setAttribute('aria-pressed', String(voice.micOn && !voice.serverMuted));
    count.textContent = voice.participants.size === 0 ? T('js.voice.nobody')
      : T('js.voice.count', voice.participants.size + (voice.max ? '/' + voice.max : ''));
    var people = Array.from(voice.participants.values()).sort(function (a, b) { return a.seq - b.seq; });
    while (rosterList.firstChild) { rosterList.removeChild(rosterList.firstChild); }
    people.forEach(function (p) { rosterList.appendChild(personElement(p)); });
  }

  function personElement(p) {
    var li = document.createElement('li');
    li.className = 'voice-person' + (p.muted ? ' muted' : '') + (p.userId === me ? ' me' : '');
    li.dataset.user = p.userId;
    var level = voice.levels[p.userId] || 0;
    if (level > SPEAKING_LEVEL && !p.muted) { li.classList.add('speaking'); }
    var ring = document.createElement('span');
    ring.className = 'voice-ring';
    ring.setAttribute('aria-hidden', 'true');
    li.appendChild(ring);
    var who = document.createElement('span');
    who.className = 'who';
    who.textContent = p.userId === me ? T('js.voice.you', p.display) : p.display;
    li.appendChild(who);
    if (p.muted) {
      var badge = document.createElement('span');
      badge.className = 'badge badge-muted';
      badge.textContent = T('js.member.muted');
      li.appendChild(badge);
    } else if (p.userId === me && !voice.micOn) {
      var off = document.createElement('span');
      off.className = 'badge';
      off.textContent = T('js.voice.micOffBadge');
      li.appendChild(off);
    }
    var peer = voice.peers.get(p.userId);
    if (peer && peer.pc.connectionState !== 'connected') {
      var state = document.createElement('span');
      state.className = 'voice-link';
      state.textContent = peer.pc.connectionState === 'failed' ? T('js.voice.noConnection') : T('js.status.connecting');
      li.appendChild(state);
    }
    if (moderator && p.userId !== me) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'small quiet';
      button.dataset.voiceMute = p.userId;
      button.dataset.muted = String(!p.muted);
      button.textContent = p.muted ? T('js.voice.unmute') : T('js.voice.mute');
      li.appendChild(button);
    }
    return li;
  }

  // ---- wiring: room.js hands over the voice frames and says when its socket closes ----

  voice.onFrame = function (frame) {
    switch (frame.type) {
      case 'voiceRoster':
        if (frame.seq !== undefined && voice.joining) { joinedAs(frame); } else { applyRoster(frame); render(); }
        break;
      case 'voiceJoined': onJoined(frame); break;
      case 'voiceLeft': onLeft(frame); break;
      case 'voiceSignal': onSignal(frame); break;
      case 'error': onError(frame); break;
      default: break;
    }
  };

  /** The room socket closed: the server took this page out of voice with it. */
  voice.socketClosed = function () {
    if (voice.joined || voice.joining) { stop(T('js.voice.leftDropped')); }
    voice.participants.clear();
    render();
  };

  joinButton.addEventListener('click', join);
  leaveButton.addEventListener('click', leave);
  micButton.addEventListener('click', function () { setMic(!voice.micOn); });
  rosterList.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-voice-mute]');
    if (button) {
      send({ type: 'voiceMute', userId: Number(button.dataset.voiceMute), muted: button.dataset.muted === 'true' });
    }
  });
  window.addEventListener('pagehide', function () { if (voice.joined) { leave(); } });
  render();
})();
