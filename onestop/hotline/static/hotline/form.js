// The public form: while the citizen types, show guides that may already answer the
// question (the form works without this file).
(function () {
  var form = document.getElementById("hotline-form");
  if (!form) { return; }
  var text = document.getElementById("id_description");
  var box = document.getElementById("suggestions");
  var list = box.querySelector("ul");
  var url = form.getAttribute("data-suggest-url");
  var lang = document.documentElement.getAttribute("lang") || "";
  var timer = null;
  var last = "";
  function show(items) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = item.title;
      li.appendChild(a);
      if (item.summary) { var p = document.createElement("p"); p.textContent = item.summary; li.appendChild(p); }
      list.appendChild(li);
    });
    box.hidden = items.length === 0;
  }
  function ask() {
    var value = text.value.trim();
    if (value.length < 4 || value === last) { return; }
    last = value;
    var params = new URLSearchParams({text: value.slice(0, 500), lang: lang.toLowerCase()});
    fetch(url + "?" + params.toString(), {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(show).catch(function () {});
  }
  text.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 400); });
  var locate = document.getElementById("locate");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("id_latitude").value = pos.coords.latitude.toFixed(6);
        document.getElementById("id_longitude").value = pos.coords.longitude.toFixed(6);
      });
    });
  }
})();
