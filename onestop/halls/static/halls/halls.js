// Optional: fill the booking search with the browser's location. Without it the district works.
(function () {
  var button = document.getElementById("use-location");
  if (!button || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var status = document.getElementById("location-status");
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("id_lat").value = pos.coords.latitude.toFixed(5);
      document.getElementById("id_lon").value = pos.coords.longitude.toFixed(5);
      if (status) { status.textContent = status.getAttribute("data-ok"); }
    }, function () {
      if (status) { status.textContent = status.getAttribute("data-failed"); }
    }, {timeout: 8000});
  });
})();
// The ticket page: when the refreshed ticket says the turn is near (or the number is called),
// vibrate and, if the visitor allowed it, show a system notification, so the phone can stay in
// a pocket. Without script or permission the page still shows the same alert in the text.
(function () {
  var live = document.getElementById("ticket-live");
  if (!live || !window.MutationObserver) { return; }
  var button = document.getElementById("notify-me");
  var canNotify = "Notification" in window;
  if (button && canNotify && Notification.permission !== "granted") {
    button.hidden = false;
    button.addEventListener("click", function () {
      Notification.requestPermission().then(function () { button.hidden = true; });
    });
  }
  function stage() {
    if (live.querySelector(".called-now[role=alert]")) { return 2; }
    if (live.querySelector(".alert-near")) { return 1; }
    return 0;
  }
  var seen = stage();
  new MutationObserver(function () {
    var now = stage();
    if (now <= seen) { seen = Math.min(seen, now); return; }
    seen = now;
    var alertEl = live.querySelector(now === 2 ? ".called-now" : ".alert-near");
    var text = alertEl ? alertEl.textContent.trim() : "";
    if (navigator.vibrate) { navigator.vibrate([300, 150, 300]); }
    if (canNotify && Notification.permission === "granted" && text) {
      try { new Notification(document.title, {body: text, tag: "onestop-ticket"}); } catch (e) { /* page-only alert */ }
    }
  }).observe(live, {childList: true, subtree: true});
})();
