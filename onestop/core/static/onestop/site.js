// Progressive enhancement only: every page works without this file.
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
  var button = select.form.querySelector("button");
  if (button) { button.classList.add("visually-hidden"); }
});
var summary = document.getElementById("error-summary");
if (summary) { summary.focus(); }
document.querySelectorAll("[data-refresh]").forEach(function (el) {
  var seconds = parseInt(el.getAttribute("data-refresh"), 10) || 10;
  setInterval(function () {
    fetch(el.getAttribute("data-src") || window.location.href, {headers: {"X-Requested-With": "fetch"}})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById(el.id);
        if (fresh) { el.innerHTML = fresh.innerHTML; }
      }).catch(function () {});
  }, seconds * 1000);
});
// A table that scrolls sideways on a phone must be reachable by keyboard.
document.querySelectorAll(".table-wrap").forEach(function (wrap) {
  if (!wrap.hasAttribute("tabindex")) { wrap.setAttribute("tabindex", "0"); }
});
