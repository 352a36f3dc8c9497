/*
 * My programme that stays: the starred sessions kept in this browser (localStorage).
 *
 * Without this file everything still works: the star buttons are GET forms
 * that carry the selection in the address (?s=a,b), and My programme reads it
 * from there. With it, the device keeps its own list across pages and visits:
 *
 * - a star button adds or removes its session in place, with no reload;
 * - the header's "My programme" link carries the list and shows its count;
 * - My programme opened without a list in its address shows the device's;
 * - My programme opened from a link with another list (a friend's) offers
 *   to add those sessions to the device's list, and leaves it alone otherwise.
 *
 * Nothing is sent anywhere but in the addresses of pages the resident opens.
 * Where the browser refuses storage (private modes, a full disk) the page
 * stays as it is without JavaScript.
 */
(function () {
  "use strict";

  var KEY = "programme-site:my-programme";
  var SLUG = /^[-a-zA-Z0-9_]{1,100}$/;
  var MAX = 200; // events.my_programme.MAX_SELECTION

  function clean(slugs) {
    var out = [];
    slugs.forEach(function (slug) {
      slug = String(slug).trim();
      if (SLUG.test(slug) && out.indexOf(slug) < 0) out.push(slug);
    });
    return out.slice(0, MAX);
  }

  function load() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(value) ? clean(value) : [];
    } catch (error) {
      return null;
    }
  }

  function save(slugs) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(slugs));
      return true;
    } catch (error) {
      return false;
    }
  }

  function fromAddress() {
    var slugs = [];
    new URLSearchParams(window.location.search).getAll("s").forEach(function (value) {
      slugs = slugs.concat(value.split(","));
    });
    return clean(slugs);
  }

  function sameSet(a, b) {
    return a.length === b.length && a.every(function (slug) { return b.indexOf(slug) >= 0; });
  }

  function myProgrammeUrl(link, slugs) {
    var path = link.getAttribute("href").split("?")[0];
    return slugs.length ? path + "?s=" + slugs.join(",") : path;
  }

  function showHeader(slugs) {
    document.querySelectorAll("[data-my-programme]").forEach(function (link) {
      link.setAttribute("href", myProgrammeUrl(link, slugs));
      var count = link.querySelector("[data-my-programme-count]");
      if (count) count.textContent = slugs.length ? " (" + slugs.length + ")" : "";
    });
  }

  function showStar(form, on) {
    var button = form.querySelector("button");
    var glyph = form.querySelector(".star__glyph");
    var label = form.querySelector(".star__label");
    if (!button || !glyph || !label) return;
    button.classList.toggle("star--on", on);
    glyph.textContent = on ? "\u2605" : "\u2606";
    label.textContent = form.getAttribute(on ? "data-label-on" : "data-label-off");
  }

  function showStars(slugs) {
    document.querySelectorAll("form[data-star]").forEach(function (form) {
      showStar(form, slugs.indexOf(form.getAttribute("data-star")) >= 0);
    });
  }

  var stored = load();
  if (stored === null) return;

  var page = document.querySelector("[data-my-programme-page]");
  var address = fromAddress();
  // On My programme, the list in the address is the page; it is the device's own
  // when it is the same set. Elsewhere the star buttons show the device's list.
  var own = !page || sameSet(address, stored);

  if (page && !address.length && stored.length) {
    var header = document.querySelector("[data-my-programme]");
    if (header) {
      window.location.replace(myProgrammeUrl(header, stored));
      return;
    }
  }

  function refresh() {
    stored = load() || [];
    showHeader(stored);
    if (!page) showStars(stored);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-star]");
    if (!form || !own) return;
    var slug = form.getAttribute("data-star");
    var on = stored.indexOf(slug) < 0;
    var next = on ? stored.concat([slug]) : stored.filter(function (other) { return other !== slug; });
    if (!save(next)) return; // the form goes on as without JavaScript
    stored = next;
    showHeader(stored);
    if (page) return; // My programme reloads with the new list, as the form says
    event.preventDefault();
    showStar(form, on);
  });

  if (page && !own && address.length) {
    var offer = page.querySelector("[data-keep-selection]");
    if (offer) {
      offer.hidden = false;
      offer.querySelector("button").addEventListener("click", function () {
        var merged = clean(stored.concat(address));
        if (save(merged)) {
          var header = document.querySelector("[data-my-programme]");
          window.location.assign(header ? myProgrammeUrl(header, merged) : window.location.href);
        }
      });
    }
  }

  // Another tab starred something, or the page came back from the back-forward cache.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) refresh();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) refresh();
  });
  refresh();
})();
