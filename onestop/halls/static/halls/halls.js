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
