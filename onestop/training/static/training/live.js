// Progressive enhancement for the training pages; every action also works as a plain form.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body || new FormData(),
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "X-Requested-With": "fetch"}
    });
  }

  // The live participant counter: a small cached JSON document, polled. The page carries both
  // wordings (places free, class full); the count's "full" flag says which one shows.
  document.querySelectorAll("[data-counter-src]").forEach(function (box) {
    var present = box.querySelector("[data-counter-present]");
    var room = box.querySelector("[data-counter-room]");
    var full = box.querySelector("[data-counter-full]");
    function show(data) {
      present.textContent = data.present;
      if (room && full) {
        room.hidden = data.full === true;
        full.hidden = data.full !== true;
      }
    }
    function refresh() {
      if (document.hidden) { return; }
      fetch(box.getAttribute("data-counter-src"), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && typeof data.present === "number") { show(data); } })
        .catch(function () {});
    }
    setInterval(refresh, 5000);
  });

  // While in an online class, tell the server the page is still open.
  document.querySelectorAll("[data-heartbeat]").forEach(function (el) {
    var url = el.getAttribute("data-heartbeat");
    if (!url) { return; }
    setInterval(function () {
      post(url).then(function (r) { if (r.status === 409) { window.location.reload(); } }).catch(function () {});
    }, 30000);
  });

  // Refresh the question board, unless the reader is typing or has a form open in it.
  var board = document.querySelector("[data-board-src]");
  if (board) {
    setInterval(function () {
      if (document.hidden || board.contains(document.activeElement) || board.querySelector("details[open]")) { return; }
      fetch(board.getAttribute("data-board-src"), {credentials: "same-origin", headers: {"X-Requested-With": "fetch"}})
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html) { board.innerHTML = html; } })
        .catch(function () {});
    }, 5000);
  }

  // Voice questions and answers with the browser's MediaRecorder.
  var canRecord = window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
  document.querySelectorAll("form[data-voice-form]").forEach(function (form) {
    if (!canRecord) { return; }
    var box = form.querySelector(".voice-recorder");
    var fallback = form.querySelector(".voice-fallback");
    if (!box) { return; }
    box.hidden = false;
    if (fallback) { fallback.hidden = true; }
    var recordButton = box.querySelector("[data-record]");
    var stopButton = box.querySelector("[data-stop]");
    var status = box.querySelector("[data-record-status]");
    var preview = box.querySelector("[data-preview]");
    var recorder = null, chunks = [], blob = null, timer = null;

    recordButton.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({audio: true}).then(function (stream) {
        chunks = [];
        blob = null;
        recorder = new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (e) { if (e.data.size) { chunks.push(e.data); } });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          blob = new Blob(chunks, {type: recorder.mimeType || "audio/webm"});
          preview.src = URL.createObjectURL(blob);
          preview.hidden = false;
          status.textContent = status.getAttribute("data-done") || "✓";
          status.classList.remove("recording");
          recordButton.hidden = false;
          stopButton.hidden = true;
          clearTimeout(timer);
        });
        recorder.start();
        status.textContent = "●";
        status.classList.add("recording");
        recordButton.hidden = true;
        stopButton.hidden = false;
        timer = setTimeout(function () { if (recorder.state === "recording") { recorder.stop(); } }, 120000);
      }).catch(function () {
        if (fallback) { fallback.hidden = false; }
        box.hidden = true;
      });
    });
    stopButton.addEventListener("click", function () { if (recorder && recorder.state === "recording") { recorder.stop(); } });

    form.addEventListener("submit", function (event) {
      if (!blob) { return; }
      event.preventDefault();
      var data = new FormData(form);
      var type = (blob.type || "audio/webm").split(";")[0];
      var extension = type.indexOf("ogg") >= 0 ? "ogg" : (type.indexOf("mp4") >= 0 ? "m4a" : "webm");
      data.set("audio", blob, "voice." + extension);
      post(form.action, data).then(function (r) {
        return r.json().then(function (body) { return {ok: r.ok, body: body}; });
      }).then(function (result) {
        if (result.ok) { window.location.reload(); return; }
        status.textContent = (result.body.error && result.body.error.message) || "";
      }).catch(function () { form.submit(); });
    });
  });

  // Check-in at the door: scan the participant's QR code with the device camera where the
  // browser can read barcodes; typing the code (or a handheld scanner) always works.
  var checkin = document.querySelector("form[data-checkin-form]");
  if (checkin && "BarcodeDetector" in window && navigator.mediaDevices) {
    var scanButton = checkin.querySelector("[data-scan]");
    var video = checkin.querySelector("[data-scan-video]");
    scanButton.hidden = false;
    scanButton.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({formats: ["qr_code"]});
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var timer = setInterval(function () {
          detector.detect(video).then(function (codes) {
            if (!codes.length) { return; }
            clearInterval(timer);
            stream.getTracks().forEach(function (t) { t.stop(); });
            checkin.querySelector("input[name=code]").value = codes[0].rawValue;
            checkin.submit();
          }).catch(function () {});
        }, 300);
      }).catch(function () { scanButton.hidden = true; });
    });
  }
})();
