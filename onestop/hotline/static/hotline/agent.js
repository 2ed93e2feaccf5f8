// The agent's intake screen: keyboard shortcuts, the caller's history by phone number,
// the router's suggestion and knowledge answers while typing. Everything also works by
// plain form submission.
(function () {
  var form = document.getElementById("agent-form");
  if (!form) { return; }
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var phone = document.getElementById("id_contact_phone");
  var text = document.getElementById("id_description");
  var category = document.getElementById("id_category");
  var district = document.getElementById("id_district");
  var answer = document.getElementById("id_answer");
  var article = document.getElementById("id_article");
  var routeText = document.getElementById("route-text");
  var answers = document.getElementById("answers");
  var history = document.getElementById("history");
  var detailUrl = form.getAttribute("data-detail-url");
  var suggested = null;
  var timer = null;

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json"},
      credentials: "same-origin",
      body: JSON.stringify(body)
    }).then(function (r) { return r.ok ? r.json() : null; });
  }
  function template(id) { return document.getElementById(id).innerHTML.trim(); }

  function loadHistory() {
    var value = phone.value.trim();
    if (value.replace(/\D/g, "").length < 5) { return; }
    post(form.getAttribute("data-history-url"), {phone: value}).then(function (rows) {
      if (!rows) { return; }
      history.textContent = "";
      if (!rows.length) {
        var empty = document.createElement("li");
        empty.className = "muted";
        empty.textContent = template("t-empty-history");
        history.appendChild(empty);
      }
      rows.forEach(function (row) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = detailUrl.replace("NUMBER", row.number);
        a.textContent = row.number;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" " + row.created_at.slice(0, 10) + " · " + row.state_label + " · "));
        var said = document.createElement("span");
        said.dir = "auto";  // the caller's words keep their own direction on any page
        said.textContent = row.description.slice(0, 60);
        li.appendChild(said);
        history.appendChild(li);
      });
    });
  }

  function preview() {
    var value = text.value.trim();
    if (value.length < 6) { return; }
    post(form.getAttribute("data-route-url"), {text: value, category: category.value, district: district.value}).then(function (data) {
      if (!data) { return; }
      suggested = data.category;
      var line = template("t-route")
        .replace("{category}", data.category_name || "—")
        .replace("{department}", data.department || "—")
        .replace("{confidence}", data.confidence === null ? "—" : Math.round(data.confidence * 100) + "%")
        .replace("{language}", data.language_name || data.language || "—");
      routeText.textContent = line + (data.method === "dispatcher" ? " " + template("t-dispatcher") : "");
      answers.textContent = "";
      data.articles.forEach(function (item) {
        var li = document.createElement("li");
        var strong = document.createElement("strong");
        strong.textContent = item.title;
        li.appendChild(strong);
        var p = document.createElement("p");
        p.textContent = item.summary || item.body.slice(0, 240);
        li.appendChild(p);
        var holder = document.createElement("div");
        holder.innerHTML = template("t-use-answer");
        var button = holder.firstElementChild;
        button.addEventListener("click", function () {
          answer.value = item.body;
          article.value = item.slug;
          answer.focus();
        });
        li.appendChild(button);
        answers.appendChild(li);
      });
    });
  }

  phone.addEventListener("change", loadHistory);
  phone.addEventListener("blur", loadHistory);
  text.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(preview, 350); });
  district.addEventListener("change", preview);

  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
      return;
    }
    if (!event.altKey) { return; }
    var key = event.key.toLowerCase();
    if (key === "p") { event.preventDefault(); phone.focus(); }
    else if (key === "d") { event.preventDefault(); text.focus(); }
    else if (key === "a" && suggested) { event.preventDefault(); category.value = suggested; category.focus(); }
    else if (/^[1-5]$/.test(key)) {
      var radios = form.querySelectorAll("input[name=request_type]");
      var radio = radios[parseInt(key, 10) - 1];
      if (radio) { event.preventDefault(); radio.checked = true; radio.focus(); }
    }
  });
})();
