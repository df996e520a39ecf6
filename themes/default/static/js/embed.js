/*
 * fachwerk two-click embeds: a <figure data-embed-src> shows a local preview image;
 * the provider's frame is created only when the visitor presses the button. Without
 * JavaScript the figure keeps its plain link to the video or map. Works with or without
 * the consent panel; no inline handlers or styles (CSP-friendly).
 */
(function () {
  'use strict';
  var figures = document.querySelectorAll('figure[data-embed-src]');
  Array.prototype.forEach.call(figures, function (figure) {
    var button = figure.querySelector('.embed__button');
    if (!button) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var frame = document.createElement('iframe');
      frame.src = figure.getAttribute('data-embed-src');
      frame.title = figure.getAttribute('data-embed-title') || '';
      frame.className = 'embed__frame';
      frame.setAttribute('allow', 'autoplay; fullscreen; picture-in-picture');
      frame.setAttribute('allowfullscreen', '');
      frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
      var preview = figure.querySelector('.embed__preview');
      if (preview) {
        preview.replaceWith(frame);
      } else {
        figure.insertBefore(frame, figure.firstChild);
      }
      button.remove();
      figure.classList.add('embed--loaded');
      frame.focus();
    });
  });
})();
