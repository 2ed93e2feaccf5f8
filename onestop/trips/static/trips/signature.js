/* Signature pad for the collection (progressive enhancement).
   Without JavaScript the officer types the name and ticks the receipt box. With it, the
   liaison officer signs on the canvas; on submit the drawing goes into the hidden
   "signature" field as a PNG data URL, which the server checks and re-encodes. */
(function () {
  "use strict";
  function setup(form) {
    var pad = form.querySelector("[data-signature-pad]");
    var canvas = form.querySelector("[data-signature-canvas]");
    var field = form.querySelector("input[name=signature]");
    if (!pad || !canvas || !field || !canvas.getContext) { return; }
    pad.hidden = false;
    var ctx = canvas.getContext("2d");
    var drawing = false, inked = 0, last = null;
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height)
      };
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true; last = point(event);
      if (canvas.setPointerCapture) { canvas.setPointerCapture(event.pointerId); }
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var p = point(event);
      ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(p.x, p.y); ctx.stroke();
      inked += Math.abs(p.x - last.x) + Math.abs(p.y - last.y);
      last = p; event.preventDefault();
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });
    var clear = form.querySelector("[data-signature-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height); inked = 0; field.value = "";
      });
    }
    form.addEventListener("submit", function () {
      field.value = inked > 20 ? canvas.toDataURL("image/png") : "";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form.collection-form");
    for (var i = 0; i < forms.length; i++) { setup(forms[i]); }
  });
})();
