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
