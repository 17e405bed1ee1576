/* sphinx-talks: click-to-load videos.
 *
 * A player placeholder is a link to the video's page (a.talks-player) holding the
 * iframe's URL and title in data-src and data-title.  Pressing it (click, Enter or
 * Space) puts the iframe in its place; nothing is requested from the video's host
 * before.  Without JavaScript the link opens the video on its host.
 */
(function () {
  "use strict";

  function play(link) {
    var frame = document.createElement("iframe");
    frame.src = link.getAttribute("data-src");
    frame.title = link.getAttribute("data-title");
    frame.className = "talks-player-frame";
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    var box = document.createElement("div");
    box.className = "talks-player talks-player-loaded";
    box.appendChild(frame);
    link.replaceWith(box);
    frame.focus();
  }

  function player(event) {
    var target = event.target;
    return target && target.closest ? target.closest("a.talks-player[data-src]") : null;
  }

  document.addEventListener("click", function (event) {
    var link = player(event);
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
      event.preventDefault();
      play(link);
    }
  });
  document.addEventListener("keydown", function (event) {
    var link = player(event);
    if (link && event.key === " ") {  /* a button's key; Enter already clicks a link */
      event.preventDefault();
      play(link);
    }
  });
})();

/* sphinx-talks: the faceted filter of a page's talk lists (talk-filter).
 *
 * Every talk of a list is an <li data-talk> whose data attributes hold its facets
 * (data-year, data-date, data-series, data-tags, data-speakers, data-lang,
 * data-video, data-slides).  The form is built here from them, so without
 * JavaScript it stays hidden and every talk is listed.  The choice is kept in the
 * URL's query (?year=2024&tag=nlp&video=1&q=text) and read back from it.  Lists
 * show their matching talks 500 at a time, with a button for the next ones.
 * window.sphinxTalksFilter.apply(state) filters and returns {shown, ms}.
 */
(function () {
  "use strict";

  var PAGE = 500;  /* talks a list shows at a time */
  var KEYS = ["q", "year", "series", "tag", "speaker", "lang", "video", "slides", "when"];

  function words(value) {
    return value ? value.split(" ") : [];
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function init(box) {
    var data = JSON.parse(box.querySelector("script.talks-filter-data").textContent);
    var L = data.labels, names = data.names;
    var items = document.querySelectorAll("li[data-talk]");
    var records = new Array(items.length);
    var lists = [];  /* {original, view, more, matches, limit} per talk list of the page */
    var values = { year: {}, series: {}, tag: {}, speaker: {}, lang: {} };
    for (var i = 0; i < items.length; i++) {
      var li = items[i], d = li.dataset;
      var list = li.parentNode;
      if (!lists.length || lists[lists.length - 1].original !== list) lists.push({ original: list, records: [] });
      var r = {
        li: li, text: null,
        year: d.year || "", date: d.date || "", series: d.series || "", lang: d.lang || "",
        tags: words(d.tags), speakers: words(d.speakers),
        video: li.hasAttribute("data-video"), slides: li.hasAttribute("data-slides")
      };
      records[i] = r;
      lists[lists.length - 1].records.push(r);
      values.year[r.year] = 1;
      if (r.series) values.series[r.series] = 1;
      if (r.lang) values.lang[r.lang] = 1;
      for (var t = 0; t < r.tags.length; t++) values.tag[r.tags[t]] = 1;
      for (var s = 0; s < r.speakers.length; s++) values.speaker[r.speakers[s]] = 1;
    }

    var form = document.createElement("form");
    form.className = "talks-filter-form";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", L.legend);
    var fields = {};

    function field(key, label, control) {
      var wrap = document.createElement("label");
      wrap.className = "talks-filter-" + key;
      var span = document.createElement("span");
      span.textContent = label;
      wrap.appendChild(span);
      wrap.appendChild(control);
      form.appendChild(wrap);
      fields[key] = control;
    }

    function select(key, label, table, namesOf, descending) {
      var keys = Object.keys(table);
      if (keys.length < 2 && key !== "year") return;
      var control = document.createElement("select");
      control.name = key;
      var any = document.createElement("option");
      any.value = "";
      any.textContent = L.any;
      control.appendChild(any);
      function shown(k) { return (namesOf && namesOf[k]) || k; }
      keys.sort(function (a, b) {
        if (descending) {  /* years, newest first, undated talks last */
          var p = a === "undated" ? "" : a, q = b === "undated" ? "" : b;
          return p < q ? 1 : p > q ? -1 : 0;
        }
        var x = shown(a).toLowerCase(), y = shown(b).toLowerCase();
        return x < y ? -1 : x > y ? 1 : 0;
      });
      for (var k = 0; k < keys.length; k++) {
        var option = document.createElement("option");
        option.value = keys[k];
        option.textContent = shown(keys[k]);
        control.appendChild(option);
      }
      field(key, label, control);
    }

    var text = document.createElement("input");
    text.type = "search";
    text.name = "q";
    field("q", L.text, text);
    select("year", L.year, values.year, names.years, true);
    select("series", L.series, values.series, names.series);
    select("tag", L.tag, values.tag, names.tags);
    select("speaker", L.speaker, values.speaker, names.speakers);
    select("lang", L.lang, values.lang, names.langs);
    var when = document.createElement("select");
    when.name = "when";
    [["", L.any], ["upcoming", L.upcoming], ["past", L.past]].forEach(function (pair) {
      var option = document.createElement("option");
      option.value = pair[0];
      option.textContent = pair[1];
      when.appendChild(option);
    });
    field("when", L.when, when);
    ["video", "slides"].forEach(function (key) {
      if (!records.some(function (r) { return r[key]; })) return;  /* no talk has one */
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = key;
      box.value = "1";
      var wrap = document.createElement("label");
      wrap.className = "talks-filter-check";
      wrap.appendChild(box);
      wrap.appendChild(document.createTextNode(" " + L[key]));
      form.appendChild(wrap);
      fields[key] = box;
    });
    var clear = document.createElement("button");
    clear.type = "reset";
    clear.textContent = L.clear;
    form.appendChild(clear);
    var status = document.createElement("p");
    status.className = "talks-filter-status";
    status.setAttribute("role", "status");
    box.appendChild(form);
    box.appendChild(status);
    box.hidden = false;
    /* Each list is shown through a view holding at most PAGE of its matching talks
       at a time (a "show more" button adds the next ones): laying out thousands of
       list items takes seconds, a page of them milliseconds.  The list as written
       (every talk, for readers without JavaScript) leaves the page once, here. */
    lists.forEach(function (list) {
      list.view = list.original.cloneNode(false);
      list.more = document.createElement("button");
      list.more.type = "button";
      list.more.className = "talks-filter-more";
      list.more.hidden = true;
      list.more.addEventListener("click", function () { grow(list, list.shown + PAGE); });
      list.original.replaceWith(list.view);
      list.view.after(list.more);
      list.matches = list.records;
      list.shown = 0;
    });

    function state() {
      var s = {};
      KEYS.forEach(function (key) {
        var control = fields[key];
        if (!control) return;
        var value = control.type === "checkbox" ? (control.checked ? "1" : "") : control.value.trim();
        if (value) s[key] = value;
      });
      return s;
    }

    function show(s) {
      KEYS.forEach(function (key) {
        var control = fields[key];
        if (!control) return;
        if (control.type === "checkbox") control.checked = s[key] === "1";
        else control.value = s[key] || "";
      });
    }

    /* What the text box searches: the title, speakers, tags and series a reader sees
       (not the initials of a picture or the marks). */
    function words_of(r) {
      var parts = [];
      var title = r.li.querySelector("a.reference, p > span:not([class])");
      var people = r.li.querySelector(".talks-people");
      if (title) parts.push(title.textContent);
      if (people) parts.push(people.textContent);
      r.tags.forEach(function (t) { parts.push(names.tags[t] || t); });
      if (r.series) parts.push(names.series[r.series] || r.series);
      return parts.join(" ").toLowerCase();
    }

    function grow(list, count) {
      var add = document.createDocumentFragment();
      for (var i = list.shown; i < Math.min(count, list.matches.length); i++) add.appendChild(list.matches[i].li);
      list.view.appendChild(add);
      list.shown = Math.min(count, list.matches.length);
      var left = list.matches.length - list.shown;
      list.more.hidden = left <= 0;
      list.more.textContent = L.more.replace("{count}", Math.min(PAGE, left)).replace("{left}", left);
    }

    function apply(s) {
      var start = performance.now();
      var q = (s.q || "").toLowerCase(), day = today(), shownCount = 0;
      lists.forEach(function (list) {
        var matches = [];
        for (var i = 0; i < list.records.length; i++) {
          var r = list.records[i];
          var ok = (!s.year || r.year === s.year) &&
            (!s.series || r.series === s.series) &&
            (!s.lang || r.lang === s.lang) &&
            (!s.tag || r.tags.indexOf(s.tag) >= 0) &&
            (!s.speaker || r.speakers.indexOf(s.speaker) >= 0) &&
            (!s.video || r.video) && (!s.slides || r.slides) &&
            (!s.when || (s.when === "upcoming" ? r.date >= day : r.date < day));
          if (ok && q) {
            if (r.text === null) r.text = words_of(r);
            ok = r.text.indexOf(q) >= 0;
          }
          if (ok) matches.push(r);
        }
        list.matches = matches;
        list.shown = 0;
        list.view.textContent = "";
        grow(list, PAGE);
        shownCount += matches.length;
      });
      status.textContent = L.count.replace("{shown}", shownCount).replace("{total}", records.length) +
        (shownCount ? "" : " — " + L.none);
      void document.body.offsetHeight;  /* the layout is part of the answer */
      return { shown: shownCount, ms: performance.now() - start };
    }

    function remember(s) {
      var params = new URLSearchParams(window.location.search);
      KEYS.forEach(function (key) {
        if (s[key]) params.set(key, s[key]); else params.delete(key);
      });
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    function update() {
      var s = state();
      remember(s);
      return apply(s);
    }

    var initial = {};
    var params = new URLSearchParams(window.location.search);
    KEYS.forEach(function (key) { if (params.get(key)) initial[key] = params.get(key); });
    show(initial);
    apply(state());
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    window.sphinxTalksFilter = {
      apply: function (s) { show(s); return update(); }
    };
  }

  function start() {
    var box = document.querySelector("div.talks-filter");
    if (box) init(box);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
