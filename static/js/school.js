/* Online school: report the watched fraction of an uploaded lesson video (staff only). */
(function () {
  "use strict";
  var stage = document.querySelector(".lesson-video[data-progress-url]");
  if (!stage) return;
  var video = stage.querySelector("video");
  if (!video) return;
  var url = stage.getAttribute("data-progress-url");
  // Distinct seconds of the video actually played (watching a part twice counts once; skipping
  // ahead counts nothing).
  var seen = {};
  var watched = 0;
  var last = null;
  var sent = 0;
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function send() {
    if (!video.duration || !isFinite(video.duration)) return;
    var fraction = Math.min(1, watched / video.duration);
    if (fraction - sent < 0.05 && fraction < 0.9) return;
    if (sent >= 0.9) return;
    sent = fraction;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ fraction: Number(fraction.toFixed(3)) }),
    }).catch(function () {});
  }
  video.addEventListener("timeupdate", function () {
    var t = video.currentTime;
    if (last !== null && t > last && t - last < 2) {
      for (var second = Math.floor(last); second < Math.ceil(t); second++) {
        if (!seen[second]) { seen[second] = true; watched += 1; }
      }
    }
    last = t;
    send();
  });
  video.addEventListener("seeking", function () { last = null; });
  video.addEventListener("ended", send);
})();
