/*
 * Kunskapsstöd för finansiell samordning – sidans eget skript.
 *
 * 1. Checklistor: bockar sparas bara i läsarens egen webbläsare
 *    (localStorage, nyckeln "kunskapsstod-checklistor") och bara när läsaren
 *    själv bockar i eller ur. Inget skrivs när sidan laddas.
 * 2. Processkartor: när Mermaid har ritat en karta görs varje steg till en
 *    riktig länk (nåbar med Tab och Enter).
 * 3. Tangentbord i sidhuvudet på smala skärmar: meny- och sökknappen
 *    (label-element från temat) svarar på mellanslag, Escape stänger menyn.
 *
 * Inga beroenden, inga nätverksanrop, inga kakor, ingen statistik.
 * Vanligt skript (inte modul), ES2015.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "kunskapsstod-checklistor";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var CHECKBOX_SELECTOR = 'input[type="checkbox"][data-ks-key]';

  /* ------------------------------------------------------------------ */
  /* Lagring                                                             */
  /* ------------------------------------------------------------------ */

  function getStorage() {
    try {
      var s = window.localStorage;
      return s || null;
    } catch (e) {
      return null; // t.ex. privat läge eller blockerad lagring
    }
  }

  /** Läser sparade bockar: ett objekt nyckel → true. Aldrig null. */
  function readTicks() {
    var storage = getStorage();
    if (!storage) {
      return {};
    }
    try {
      var raw = storage.getItem(STORAGE_KEY);
      if (!raw) {
        return {};
      }
      var parsed = JSON.parse(raw);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        return {};
      }
      var clean = {};
      Object.keys(parsed).forEach(function (key) {
        if (parsed[key] === true) {
          clean[key] = true;
        }
      });
      return clean;
    } catch (e) {
      return {};
    }
  }

  /** Skriver bockarna; tar bort hela posten när inget är ibockat. */
  function writeTicks(ticks) {
    var storage = getStorage();
    if (!storage) {
      return;
    }
    try {
      if (Object.keys(ticks).length === 0) {
        storage.removeItem(STORAGE_KEY);
      } else {
        storage.setItem(STORAGE_KEY, JSON.stringify(ticks));
      }
    } catch (e) {
      /* full eller blockerad lagring: bocken finns kvar på sidan */
    }
  }

  /* ------------------------------------------------------------------ */
  /* Checklistor                                                         */
  /* ------------------------------------------------------------------ */

  function allCheckboxes(root) {
    return Array.prototype.slice.call(
      (root || document).querySelectorAll(CHECKBOX_SELECTOR)
    );
  }

  /** Visar sparat läge i alla rutor på sidan. Skriver ingenting. */
  function restoreTicks() {
    var ticks = readTicks();
    allCheckboxes().forEach(function (box) {
      box.checked = ticks[box.getAttribute("data-ks-key")] === true;
    });
  }

  function setTick(key, checked) {
    // Läs på nytt så att bockar från en annan flik inte skrivs över.
    var ticks = readTicks();
    if (checked) {
      ticks[key] = true;
    } else {
      delete ticks[key];
    }
    writeTicks(ticks);
    // Samma punkt kan stå flera gånger på sidan: håll dem i takt.
    allCheckboxes().forEach(function (box) {
      if (box.getAttribute("data-ks-key") === key) {
        box.checked = checked;
      }
    });
  }

  var liveRegion = null;

  function ensureLiveRegion() {
    if (liveRegion || !document.body) {
      return liveRegion;
    }
    liveRegion = document.createElement("div");
    liveRegion.className = "ks-live ks-visuellt-dold";
    liveRegion.setAttribute("aria-live", "polite");
    liveRegion.setAttribute("role", "status");
    document.body.appendChild(liveRegion);
    return liveRegion;
  }

  function announce(message) {
    var region = ensureLiveRegion();
    if (!region) {
      return;
    }
    region.textContent = "";
    // Ny text i ett senare skede så att samma meddelande läses upp igen.
    window.setTimeout(function () {
      region.textContent = message;
    }, 100);
  }

  function isToolbar(el) {
    return el && el.classList && el.classList.contains("ks-checklista-verktyg");
  }

  function isChecklist(el) {
    return el && el.matches && el.matches("ul.ks-checklista");
  }

  /**
   * Listorna som en verktygsrad hör till: checklistorna före raden, fram till
   * föregående verktygsrad. Hittas inga: alla checklistor på sidan.
   */
  function listsForToolbar(toolbar) {
    var lists = [];
    var el = toolbar ? toolbar.previousElementSibling : null;
    while (el && !isToolbar(el)) {
      if (isChecklist(el)) {
        lists.push(el);
      } else if (el.querySelectorAll) {
        Array.prototype.push.apply(
          lists,
          Array.prototype.slice.call(el.querySelectorAll("ul.ks-checklista"))
        );
      }
      el = el.previousElementSibling;
    }
    if (lists.length === 0) {
      lists = Array.prototype.slice.call(
        document.querySelectorAll("ul.ks-checklista")
      );
    }
    return lists;
  }

  function clearLists(lists) {
    var ticks = readTicks();
    var keys = {};
    lists.forEach(function (list) {
      allCheckboxes(list).forEach(function (box) {
        keys[box.getAttribute("data-ks-key")] = true;
      });
    });
    Object.keys(keys).forEach(function (key) {
      delete ticks[key];
    });
    writeTicks(ticks);
    allCheckboxes().forEach(function (box) {
      if (keys[box.getAttribute("data-ks-key")]) {
        box.checked = false;
      }
    });
    announce("Bockarna är borttagna.");
  }

  function onChange(event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches(CHECKBOX_SELECTOR)) {
      return;
    }
    setTick(box.getAttribute("data-ks-key"), box.checked);
  }

  function onClick(event) {
    var target = event.target;
    if (!target || !target.closest) {
      return;
    }
    var clear = target.closest("[data-ks-rensa]");
    if (clear) {
      clearLists(listsForToolbar(clear.closest(".ks-checklista-verktyg")));
      return;
    }
    if (target.closest("[data-ks-skriv-ut]")) {
      window.print();
    }
  }

  function initChecklists() {
    restoreTicks();
    if (document.querySelector(CHECKBOX_SELECTOR)) {
      ensureLiveRegion();
    }
    document.addEventListener("change", onChange);
    document.addEventListener("click", onClick);
    // Tillbaka-knappen (bfcache) eller en annan flik kan ha ändrat bockarna.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        restoreTicks();
      }
    });
    window.addEventListener("storage", function (event) {
      if (event.key === null || event.key === STORAGE_KEY) {
        restoreTicks();
      }
    });
  }

  /* ------------------------------------------------------------------ */
  /* Klickbara processkartor                                             */
  /* ------------------------------------------------------------------ */

  /** Läser data-links; bara poster med text i href och label används. */
  function readLinks(holder) {
    var links = {};
    if (!holder || !holder.getAttribute) {
      return links;
    }
    var parsed;
    try {
      parsed = JSON.parse(holder.getAttribute("data-links") || "{}");
    } catch (e) {
      return links;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      return links;
    }
    Object.keys(parsed).forEach(function (nodeId) {
      var entry = parsed[nodeId];
      if (
        entry &&
        typeof entry === "object" &&
        typeof entry.href === "string" &&
        typeof entry.label === "string" &&
        isSafeHref(entry.href)
      ) {
        links[nodeId] = { href: entry.href, label: entry.label };
      }
    });
    return links;
  }

  /** Bara vanliga webbadresser (oftast relativa), aldrig javascript: o.d. */
  function isSafeHref(href) {
    try {
      var url = new URL(href, window.location.href);
      return (
        url.protocol === "http:" ||
        url.protocol === "https:" ||
        url.protocol === "file:"
      );
    } catch (e) {
      return false;
    }
  }

  /** Närmaste föregående .ks-kartlankar i samma .ks-karta. */
  function findLinkHolder(diagram) {
    var container = diagram.closest(".ks-karta");
    if (!container) {
      return null;
    }
    var holders = container.querySelectorAll(".ks-kartlankar");
    var found = null;
    Array.prototype.forEach.call(holders, function (holder) {
      if (
        holder.compareDocumentPosition(diagram) &
        Node.DOCUMENT_POSITION_FOLLOWING
      ) {
        found = holder; // den sista som kommer före diagrammet vinner
      }
    });
    return found;
  }

  /**
   * Mermaid 11 ger noderna id som "<svg-id>-flowchart-<nod-id>-<löpnummer>",
   * äldre versioner "flowchart-<nod-id>-<löpnummer>". Båda förstås.
   */
  function nodeIdOf(g, svg) {
    var id = g.getAttribute("id") || "";
    var prefix = svg.getAttribute("id");
    if (prefix && id.indexOf(prefix + "-") === 0) {
      id = id.slice(prefix.length + 1);
    }
    var match = /^flowchart-(.+)-\d+$/.exec(id);
    return match ? match[1] : null;
  }

  function linkifySvg(svg, links) {
    if (svg.getAttribute("data-ks-lankad") === "ja") {
      return;
    }
    svg.setAttribute("data-ks-lankad", "ja");
    var nodes = svg.querySelectorAll("g.node");
    Array.prototype.forEach.call(nodes, function (g) {
      var nodeId = nodeIdOf(g, svg);
      if (!nodeId || !Object.prototype.hasOwnProperty.call(links, nodeId)) {
        return;
      }
      var parent = g.parentNode;
      if (!parent || (parent.namespaceURI === SVG_NS && parent.localName === "a")) {
        return;
      }
      var link = links[nodeId];
      var a = document.createElementNS(SVG_NS, "a");
      a.setAttribute("href", link.href);
      a.setAttribute("aria-label", link.label);
      a.setAttribute("class", "ks-kartlank");
      parent.insertBefore(a, g);
      a.appendChild(g);
      addFocusRing(a, g);
    });
  }

  /** En ram runt noden som visas vid tangentbordsfokus (se CSS). */
  function addFocusRing(a, g) {
    var box;
    try {
      box = g.getBBox();
    } catch (e) {
      return;
    }
    if (!box || !box.width || !box.height) {
      return;
    }
    var pad = 6;
    var ring = document.createElementNS(SVG_NS, "rect");
    ring.setAttribute("class", "ks-fokusram");
    ring.setAttribute("x", String(box.x - pad));
    ring.setAttribute("y", String(box.y - pad));
    ring.setAttribute("width", String(box.width + 2 * pad));
    ring.setAttribute("height", String(box.height + 2 * pad));
    ring.setAttribute("rx", "6");
    ring.setAttribute("aria-hidden", "true");
    var transform = g.getAttribute("transform");
    if (transform) {
      ring.setAttribute("transform", transform);
    }
    a.appendChild(ring);
  }

  /**
   * Mermaid ritar kartan med width="100%" och max-width = naturlig bredd, så
   * den trycks ihop på smala skärmar. Med min-width = naturlig bredd behåller
   * texten sin storlek och kartan rullar i sidled (se CSS för .ks-karta).
   */
  function keepNaturalSize(svg) {
    var natural = parseFloat(svg.style.maxWidth);
    if (natural > 0) {
      svg.style.minWidth = natural + "px";
    }
  }

  function directSvgChild(el) {
    for (var child = el.firstElementChild; child; child = child.nextElementSibling) {
      if (child.localName === "svg") {
        return child;
      }
    }
    return null;
  }

  function watchDiagram(diagram) {
    var links = readLinks(findLinkHolder(diagram));
    var hasLinks = Object.keys(links).length > 0;
    var done = function () {
      // Under ritningen ligger ett tillfälligt svg i en inre div; det färdiga
      // svg:et sätts in direkt i div.mermaid. Rör bara det färdiga.
      var svg = directSvgChild(diagram);
      if (!svg || !svg.querySelector("g.node")) {
        return false; // Mermaid har inte ritat klart (eller misslyckades)
      }
      try {
        keepNaturalSize(svg);
        if (hasLinks) {
          linkifySvg(svg, links);
        }
      } catch (e) {
        /* kartan fungerar ändå, bara utan länkar; textalternativet finns */
      }
      return true;
    };
    if (done() || typeof window.MutationObserver !== "function") {
      return;
    }
    var observer = new MutationObserver(function () {
      if (done()) {
        observer.disconnect();
      }
    });
    observer.observe(diagram, { childList: true, subtree: true });
  }

  function initMaps() {
    Array.prototype.forEach.call(
      document.querySelectorAll(".ks-karta .mermaid"),
      watchDiagram
    );
  }

  /* ------------------------------------------------------------------ */
  /* Meny- och sökknappen i sidhuvudet (smala skärmar)                   */
  /* ------------------------------------------------------------------ */

  /*
   * overrides/partials/header.html lägger ett span med role="button" och
   * data-ks-knapp="<kryssrutans id>" i temats etiketter för menyn och
   * sökningen. Ett klick på spanet fäller ut panelen via etiketten. Här:
   * Enter och mellanslag, aria-expanded, fokus in i sökrutan när sökningen
   * öppnas, och tillbaka till knappen när sökningen eller menyn stängs.
   */
  function isShown(el) {
    return !!(el && el.getClientRects().length > 0);
  }

  function initHeaderButtons() {
    var drawer = document.getElementById("__drawer");
    var search = document.getElementById("__search");
    var menuButton = document.querySelector('[data-ks-knapp="__drawer"]');
    var searchButton = document.querySelector('[data-ks-knapp="__search"]');

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var isButton = target && target.matches && target.matches("[data-ks-knapp]");
      if (
        isButton &&
        (event.key === "Enter" || event.key === " " || event.key === "Spacebar")
      ) {
        event.preventDefault();
        event.stopPropagation();
        target.click();
        return;
      }
      if (
        event.key === "Escape" &&
        drawer &&
        drawer.checked &&
        isShown(menuButton)
      ) {
        menuButton.click(); // stänger menyn via etiketten
        menuButton.focus();
      }
    });

    if (drawer && menuButton) {
      var syncMenu = function () {
        menuButton.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
      };
      drawer.addEventListener("change", syncMenu);
      syncMenu();
    }

    if (search && searchButton) {
      search.addEventListener("change", function () {
        if (!isShown(searchButton)) {
          return; // bred skärm: sökrutan syns alltid, Material sköter fokus
        }
        if (search.checked) {
          window.setTimeout(function () {
            var input = document.querySelector(".md-search__input");
            if (input && document.activeElement === searchButton) {
              input.focus();
            }
          }, 50);
        } else {
          window.setTimeout(function () {
            var active = document.activeElement;
            if (!active || active === document.body || active.closest(".md-search")) {
              searchButton.focus();
            }
          }, 50);
        }
      });
    }
  }

  /* ------------------------------------------------------------------ */

  function init() {
    try {
      initChecklists();
    } catch (e) {
      /* sidan fungerar ändå */
    }
    try {
      initMaps();
    } catch (e) {
      /* sidan fungerar ändå */
    }
    try {
      initHeaderButtons();
    } catch (e) {
      /* sidan fungerar ändå */
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
