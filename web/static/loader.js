// loader.js starts synq's training page: it checks for WebGL2, downloads synq.wasm with a
// progress bar, starts it with wasm_exec.js (Go's), and gives the app the page's half of their
// interface, window.synqPage (see web/app/main.go for the other half).
'use strict';

(() => {
  const script = document.currentScript;
  const $ = (id) => document.getElementById(id);

  // fail replaces whatever the page shows with a message: never a blank page. With retry, a
  // button offers to load the page again (for what a second try can mend: the network).
  function fail(text, retry = false) {
    let box = $('loading');
    if (!box) {
      box = document.createElement('div');
      box.id = 'loading';
      document.body.append(box);
    }
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = text;
    box.replaceChildren(p);
    if (retry) {
      const again = document.createElement('button');
      again.type = 'button';
      again.id = 'retry';
      again.textContent = 'Try again';
      again.addEventListener('click', () => location.reload());
      box.append(again);
      again.focus();
    }
    box.hidden = false;
  }

  function focusApp() {
    const canvas = document.querySelector('canvas');
    if (canvas) canvas.focus();
  }

  const clip = (text, n) => (text.length > n ? text.slice(0, n) + '…' : text);

  // showMessage adds to the note box under the header (Esc or its × closes it).
  function showMessage(...parts) {
    $('message-text').append(...parts);
    $('message').hidden = false;
  }

  let toastTimer = 0;
  function toast(text) {
    const t = $('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 3000);
  }

  // The page's half of the interface with the app.
  window.synqPage = {
    // problems shows what was wrong with the link the page was opened with.
    // The note stays small whatever it is handed: the app sends at most a screenful of lines
    // (web/params), and this bounds them again, at most maxLines lines of at most maxChars
    // characters each, then a count of the rest. Esc or × closes it.
    problems(lines) {
      const maxLines = 21, maxChars = 200;
      const head = document.createElement('p');
      head.textContent = lines.length === 1
        ? 'synq could not follow one part of this link as it was written:'
        : `synq could not follow ${lines.length} parts of this link as they were written:`;
      const list = document.createElement('ul');
      for (const line of lines.slice(0, maxLines)) {
        const li = document.createElement('li');
        li.textContent = clip(line, maxChars);
        list.append(li);
      }
      if (lines.length > maxLines) {
        const li = document.createElement('li');
        li.textContent = `… and ${lines.length - maxLines} more`;
        list.append(li);
      }
      showMessage(head, list);
    },
    // notice shows a note that is not about the link (storage refused, say), in the same box.
    notice(text) {
      const p = document.createElement('p');
      p.textContent = clip(text, 400);
      showMessage(p);
    },
    // copyLink puts ?query in the address bar, without reloading, and on the clipboard.
    copyLink(query) {
      history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
      const url = location.href;
      if (!navigator.clipboard) {
        toast('Link to this moment is in the address bar');
        return;
      }
      navigator.clipboard.writeText(url).then(
        () => toast('Link to this moment copied'),
        () => toast('Link to this moment is in the address bar (copying is not allowed here)'));
    },
    // follow puts the learner's place in the address bar (a new history entry with push, so
    // that Back goes to the previous step; query null: leave the address alone) and the title.
    follow(query, title, push) {
      if (query !== null && query !== undefined) {
        const url = location.pathname + (query ? '?' + query : '');
        if (url !== location.pathname + location.search) {
          if (push) history.pushState(null, '', url);
          else history.replaceState(null, '', url);
        }
      }
      document.title = title;
    },
    // seeking shows how far the app has run towards a link's moment (0 to 1; -1: there).
    seeking(f) {
      const box = $('seeking');
      if (f < 0) {
        box.hidden = true;
        return;
      }
      box.hidden = false;
      $('seeking-bar').value = f;
      $('seeking-text').textContent = `Running the model to the link's moment: ${Math.round(f * 100)}%`;
    },
    // fatal shows an error the app could not recover from.
    fatal(text) { fail('synq stopped: ' + text); },
  };

  // The browser's keys stay the browser's: a key pressed with Ctrl, Cmd or Alt (zoom, reload,
  // find, Back, copy) and Tab, F5 and F12 never reach the app, whose own keys are all plain.
  // Ebiten listens on its canvas and cancels every key it sees; stopping the keydown on the
  // way down (the capture phase on window) keeps it from there and leaves the default alone.
  // Key-ups go through: one the app never saw go down does nothing.
  // While the note about a bad link shows, Esc closes it (and only it).
  //
  // A tap shorter than a frame would reach the app as a key down and up between two of its
  // updates, which then sees neither: a key-up that comes before the app has updated once
  // since its key-down (window.synqTicks counts the updates) is held back and sent again, to
  // the same element, once it has (or after a second, should the app have stopped).
  const browserKeys = new Set(['Tab', 'F5', 'F12']);
  const closeMessage = () => { $('message').hidden = true; focusApp(); };
  const ticks = () => window.synqTicks || 0;
  const downAt = new Map(); // KeyboardEvent.code -> synqTicks at its key-down
  addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || browserKeys.has(e.key)) {
      e.stopPropagation();
    } else if (e.key === 'Escape' && !$('message').hidden) {
      e.stopPropagation();
      closeMessage();
    } else if (!e.repeat) {
      downAt.set(e.code, ticks());
    }
  }, { capture: true });
  addEventListener('keyup', (e) => {
    if (!e.isTrusted) return; // one sent again below
    const at = downAt.get(e.code);
    downAt.delete(e.code);
    if (at === undefined || ticks() > at) return;
    e.stopPropagation();
    const again = new KeyboardEvent('keyup', { key: e.key, code: e.code, location: e.location, bubbles: true, cancelable: true,
      shiftKey: e.shiftKey });
    const target = e.target;
    const until = performance.now() + 1000;
    const wait = () => (ticks() > at || performance.now() > until ? target.dispatchEvent(again) : requestAnimationFrame(wait));
    requestAnimationFrame(wait);
  }, { capture: true });

  // Back and Forward between lesson steps stay in the app; a moment of free play is loaded afresh.
  addEventListener('popstate', () => {
    const query = location.search.slice(1);
    if (!(window.synqOpenLink && window.synqOpenLink(query))) location.reload();
  });

  // The app's canvas is Ebiten's; it gets a name for screen readers once it is there.
  new MutationObserver((_, obs) => {
    const canvas = document.querySelector('canvas');
    if (!canvas) return;
    canvas.setAttribute('aria-label', 'synq: an animated model of how Linux accepts TCP connections. ' +
      'Press H for the keys; Tab moves on to the page\'s buttons.');
    canvas.setAttribute('role', 'application');
    obs.disconnect();
  }).observe(document.body, { childList: true });

  $('message-close').addEventListener('click', closeMessage);
  $('copy-link').addEventListener('click', () => {
    if (window.synqCopyLink) window.synqCopyLink();
    focusApp();
  });

  // Explain a server: synq doctor on pasted command output, in a dialog of real HTML (it
  // zooms, reads aloud and copies like the rest of the page). The app does the work.
  const doctor = $('doctor');
  $('doctor-open').addEventListener('click', () => {
    doctor.showModal();
    $('doctor-paste').focus();
  });
  $('doctor-run').addEventListener('click', () => {
    const out = $('doctor-out');
    out.textContent = window.synqDoctor ? window.synqDoctor($('doctor-paste').value) : 'synq has not started yet.';
    out.focus();
  });
  $('doctor-close').addEventListener('click', () => doctor.close());
  doctor.addEventListener('close', focusApp);

  // The lesson's panel, in real HTML beside the canvas (above it on a portrait screen): what
  // the app's session shows, handed over whenever it changes (synqPage.panel, web/app/panel.go).
  // Its buttons do what the lesson keys do (synqIntent). Being HTML, it zooms with the browser,
  // reads aloud, copies, and takes taps and Tab. The live region says what changed.
  const panelBox = $('panel');
  const announcer = $('announce');
  let shownPanel = null;
  const say = (text) => {
    if (!text) return;
    // A fresh text node each time, so that the same words said twice are said twice.
    announcer.textContent = '';
    setTimeout(() => { announcer.textContent = text; }, 50);
  };
  const intent = (name, n = 0) => { if (window.synqIntent) window.synqIntent(name, n); };
  function el(tag, props = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'key') e.dataset.key = v;
      else if (k === 'onclick') e.addEventListener('click', v);
      else if (k.startsWith('aria-') || k === 'role') e.setAttribute(k, v);
      else e[k] = v;
    }
    e.append(...children.filter((c) => c !== null && c !== undefined && c !== ''));
    return e;
  }
  const button = (key, label, onclick, extra = {}) => el('button', { type: 'button', key, onclick, ...extra }, label);
  // place puts the scene beside or below the panel: the body (Ebiten sizes its canvas from the
  // body) takes the rest of the window, and Ebiten is told of its new size.
  let placed = '';
  function place() {
    const root = document.documentElement.style;
    let w = 0, h = 0;
    if (!panelBox.hidden) {
      const r = panelBox.getBoundingClientRect();
      if (matchMedia('(orientation: portrait)').matches) h = Math.ceil(r.height);
      else w = Math.ceil(r.width);
    }
    const now = `${w}x${h}`;
    if (now === placed) return;
    placed = now;
    root.setProperty('--panel-w', w + 'px');
    root.setProperty('--panel-h', h + 'px');
    dispatchEvent(new Event('resize'));
  }
  new ResizeObserver(place).observe(panelBox);
  addEventListener('resize', (e) => { if (e.isTrusted) place(); });
  function renderPanel(p) {
    const was = shownPanel;
    shownPanel = p;
    const hadFocus = panelBox.contains(document.activeElement);
    panelBox.hidden = !p.shown;
    if (!p.shown) {
      place();
      if (hadFocus) focusApp(); // its button is gone: the keys go back to the app
      if (was && was.shown) say('Lesson closed');
      return;
    }
    const focused = panelBox.contains(document.activeElement) ? document.activeElement.dataset.key : undefined;
    const parts = [];
    parts.push(el('header', {},
      el('h2', { id: 'panel-title' }, p.title),
      p.progress ? el('span', { className: 'progress' }, p.progress) : null));
    if (p.menu) {
      if (p.text) parts.push(el('p', { className: 'summary' }, 'Choose a lesson. Each one plays a run of the model and asks what you expect before it shows.'));
      const list = el('ul', { className: 'lessons', 'aria-label': 'Lessons' });
      p.choices.forEach((c, i) => {
        list.append(el('li', {}, button('lesson-' + i, '', () => {
          intent('menu-move', i - (shownPanel.selected < 0 ? 0 : shownPanel.selected));
          intent('menu-open');
        }, { className: 'lesson' + (i === p.selected ? ' selected' : '') })));
        const b = list.lastChild.firstChild;
        b.append(el('strong', {}, c), el('span', {}, (p.summaries || [])[i] || ''));
      });
      parts.push(list);
      parts.push(el('nav', { 'aria-label': 'Lesson menu' }, button('menu-close', 'Close the menu', () => intent('menu-close'))));
    } else {
      if (p.step) parts.push(el('h3', { id: 'panel-step' }, p.step));
      parts.push(el('div', { className: 'text' }, ...p.text.split(/\n\s*\n/).map((t) => el('p', {}, t))));
      if (p.question) {
        const group = el('div', { className: 'question', role: 'group', 'aria-labelledby': 'panel-question' },
          el('p', { id: 'panel-question' }, p.question));
        p.choices.forEach((c, i) => {
          group.append(button('choice-' + i, '', () => intent('choose', i),
            { className: 'choice', 'aria-pressed': String(i === p.selected) }));
          group.lastChild.append(el('span', { className: 'letter', 'aria-hidden': 'true' }, String.fromCharCode(65 + i)), el('span', {}, c));
        });
        parts.push(group);
      }
      if (p.asked) {
        parts.push(el('div', { className: 'asked' }, el('p', {}, p.asked),
          p.answered ? el('p', {}, el('span', { className: 'label' }, 'Your answer: '), p.answered) : null));
      }
      if (p.hint) parts.push(el('p', { className: 'hint', role: 'status' }, p.hint));
      if (p.verdict) {
        parts.push(el('p', { className: 'verdict ' + (p.right ? 'right' : 'wrong'), id: 'panel-verdict' },
          (p.right ? '✓ ' : '✗ ') + p.verdict));
      }
      if (p.feedback) parts.push(el('p', { className: 'feedback' + (p.verdict && !p.right ? ' wrong' : ''), id: 'panel-feedback' }, p.feedback));
      if (p.after) parts.push(el('p', { className: 'after' }, p.after));
      if (p.score) parts.push(el('p', { className: 'score' }, p.score));
      const evidence = (lines, label) => (lines && lines.length
        ? el('section', { className: 'evidence', 'aria-label': label },
          el('h4', {}, label), el('pre', {}, ...lines.map((l) => el('span', { className: 'line' }, l))))
        : null);
      parts.push(evidence(p.evidence, p.evidenceB && p.evidenceB.length ? 'What run A shows' : 'What the run shows'));
      parts.push(evidence(p.evidenceB, 'What run B shows'));
      parts.push(el('nav', { 'aria-label': 'Lesson steps' },
        button('back', '← Back', () => intent('lesson-back'), { disabled: p.first }),
        // Answer sits with the step's buttons, which stay in view on a phone while the text scrolls.
        p.question ? button('answer', 'Answer', () => intent('answer', shownPanel.selected),
          { className: 'answer', disabled: p.selected < 0 }) : null,
        p.question ? null : button('next', p.last ? 'Finish' : 'Next →', () => intent('lesson-next'), { className: 'next' }),
        button('menu', 'Lessons', () => intent('lesson-menu')),
        // Esc's twin for a finger: back to free play, the run going on where it is.
        button('leave', 'Leave', () => intent('lesson-leave'), { className: 'leave', 'aria-label': 'Leave lesson', title: 'Leave lesson (Esc)' })));
    }
    panelBox.replaceChildren(...parts.filter((x) => x));
    // A new step (or the menu) is read from its top.
    if (!was || was.menu !== p.menu || was.progress !== p.progress || was.title !== p.title) panelBox.scrollTop = 0;
    place();
    // The keyboard stays where it was; when that button is gone (an answer given), it goes to Next.
    if (focused !== undefined) {
      const again = panelBox.querySelector(`[data-key="${focused}"]`) || panelBox.querySelector('[data-key="next"]') ||
        panelBox.querySelector('button:not([disabled])');
      if (again && !again.disabled) again.focus();
      else if (again) panelBox.querySelector('button:not([disabled])')?.focus();
    }
    // What changed, said once.
    if (!was || !was.shown || was.menu !== p.menu || was.progress !== p.progress || was.title !== p.title) {
      say(p.menu ? `Lesson menu: ${p.choices.length} lessons` : `${p.title}, ${p.progress}: ${p.step}`);
    } else if (p.feedback && p.feedback !== was.feedback) {
      say([p.verdict, p.feedback].filter((x) => x).join(' '));
    } else if (p.question && p.selected >= 0 && p.selected !== was.selected) {
      say(`Chosen: ${p.choices[p.selected]}`);
    } else if (p.ended && !was.ended) {
      say('The step has played to its end.');
    }
  }
  window.synqPage.panel = (p) => {
    const caption = shownPanel ? shownPanel.caption : '';
    renderPanel(p);
    if (p.caption && p.caption !== caption) say(p.caption);
  };
  // A tap or a click on the canvas reaches the app with its place in the canvas: Ebiten takes
  // clientX/Y as if the canvas filled the window, which it does not while the panel is above it.
  const pointerTypes = ['mousedown', 'mouseup', 'mousemove', 'wheel', 'touchstart', 'touchmove', 'touchend', 'touchcancel'];
  for (const type of pointerTypes) {
    addEventListener(type, (e) => {
      const canvas = e.target;
      if (!e.isTrusted || !(canvas instanceof HTMLCanvasElement)) return;
      const r = canvas.getBoundingClientRect();
      if (r.left === 0 && r.top === 0) return;
      e.stopPropagation();
      if (e.cancelable) e.preventDefault();
      let again;
      if (type.startsWith('touch')) {
        const shift = (list) => Array.from(list, (t) => new Touch({ identifier: t.identifier, target: canvas,
          clientX: t.clientX - r.left, clientY: t.clientY - r.top, pageX: t.pageX - r.left, pageY: t.pageY - r.top,
          screenX: t.screenX, screenY: t.screenY }));
        again = new TouchEvent(type, { bubbles: true, cancelable: true, touches: shift(e.touches),
          targetTouches: shift(e.targetTouches), changedTouches: shift(e.changedTouches) });
      } else {
        const init = { bubbles: true, cancelable: true, button: e.button, buttons: e.buttons,
          clientX: e.clientX - r.left, clientY: e.clientY - r.top, screenX: e.screenX, screenY: e.screenY,
          movementX: e.movementX, movementY: e.movementY, ctrlKey: e.ctrlKey, shiftKey: e.shiftKey, altKey: e.altKey, metaKey: e.metaKey };
        again = type === 'wheel' ? new WheelEvent(type, { ...init, deltaX: e.deltaX, deltaY: e.deltaY, deltaMode: e.deltaMode })
          : new MouseEvent(type, init);
      }
      canvas.dispatchEvent(again);
    }, { capture: true, passive: false });
  }
  function hasWebGL2() {
    try {
      return !!document.createElement('canvas').getContext('webgl2');
    } catch {
      return false;
    }
  }

  const mb = (n) => (n / 1e6).toFixed(1);

  // download fetches the wasm, showing the bytes that travel as they arrive, and compiles it.
  // size is synq.wasm's own size (make web writes it into the page). A server that sends the
  // compressed copy says so (Content-Encoding) and gives the copy's length (Content-Length),
  // while the stream hands over the bytes already unpacked: the share done is unpacked bytes
  // over size, and the megabytes shown are that share of what travels, so that the bar ends at
  // the 2.6 MB a brotli copy weighs, not at the 15 MB it unpacks to.
  async function download(url, size, importObject) {
    const bar = $('progress');
    const text = $('progress-text');
    let total = size; // the bytes that travel, once the response says
    const show = (unpacked) => {
      if (size > 0) {
        const f = Math.min(1, unpacked / size);
        bar.value = f;
        text.textContent = total > 0 ? `${mb(f * total)} of ${mb(total)} MB (${Math.round(f * 100)}%)` : `${Math.round(f * 100)}%`;
      } else {
        bar.removeAttribute('value');
        text.textContent = `${mb(unpacked)} MB`;
      }
    };
    show(0);
    let res;
    try {
      res = await fetch(url);
    } catch (err) {
      throw new LoadError(`synq could not download ${url} (${err.message}); the network or the server may be down.`);
    }
    if (!res.ok) throw new LoadError(`synq could not download ${url}: the server answered ${res.status} ${res.statusText}.`);
    const encoding = (res.headers.get('Content-Encoding') || 'identity').toLowerCase();
    const length = Number(res.headers.get('Content-Length')) || 0;
    total = encoding === 'identity' ? (length || size) : length; // 0: unknown, then a percentage
    if (encoding === 'identity' && length > 0 && size <= 0) size = length;
    window.synqDownload = { encoding, bytes: total }; // for the browser test and the curious
    if (!res.body || typeof TransformStream === 'undefined') {
      const bytes = await res.arrayBuffer();
      show(bytes.byteLength);
      return WebAssembly.instantiate(bytes, importObject);
    }
    let unpacked = 0;
    const counted = res.body.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        unpacked += chunk.byteLength;
        show(unpacked);
        controller.enqueue(chunk);
      },
      flush() { performance.mark('synq:downloaded'); },
    }));
    const streamed = new Response(counted, { headers: { 'Content-Type': 'application/wasm' } });
    return WebAssembly.instantiateStreaming(streamed, importObject);
  }

  // LoadError is a failure to fetch a part of the page, which a second try may mend.
  class LoadError extends Error {}

  async function start() {
    if (location.protocol === 'file:') {
      fail('synq\'s page must come from a web server: a page opened as a file may not load its ' +
        'WebAssembly. Serve this folder (make serve, or python3 -m http.server inside it) and open ' +
        'the address it prints.');
      return;
    }
    if (!hasWebGL2()) {
      fail('synq draws with WebGL2, which this browser does not offer or has turned off. ' +
        'Try a current Firefox, Chrome, Edge or Safari, with hardware acceleration on.');
      return;
    }
    if (typeof WebAssembly !== 'object') {
      fail('synq needs WebAssembly, which this browser does not offer.');
      return;
    }
    if (typeof Go !== 'function') {
      fail('synq could not load wasm_exec.js, the script that starts its WebAssembly: the network ' +
        'or the server may be down, or the file is missing beside index.html.', true);
      return;
    }
    const go = new Go();
    let exitCode = '?';
    go.exit = (code) => { exitCode = code; };
    performance.mark('synq:download');
    const { instance } = await download(script.dataset.wasm, Number(script.dataset.wasmSize) || 0, go.importObject);
    performance.mark('synq:compiled');
    $('loading').remove(); // before go.run: the app's canvas must be what the window shows
    $('tools').hidden = false;
    await go.run(instance);
    fail(`the program ended (exit code ${exitCode}); the browser console may say why. Reload to start again.`);
  }

  start().catch((err) => (err instanceof LoadError ? fail(err.message, true) : fail('synq could not start: ' + err.message)));
})();
