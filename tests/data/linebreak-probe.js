// Injected into the HTML page by tests/test_html_breaks.py: for each text block,
// report the offsets in its text where a new line starts.
window.addEventListener('load', () => {
  const out = [];
  for (const el of document.querySelectorAll('p.paragraph, p.closing, li.item, p.subject')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let text = '', tops = [], node;
    while ((node = walker.nextNode())) {
      for (let i = 0; i < node.length; i++) {
        const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
        const rects = r.getClientRects();
        tops.push(rects.length ? Math.round(rects[0].top) : null);
        text += node.data[i];
      }
    }
    const starts = []; let last = null;
    for (let i = 0; i < tops.length; i++) {
      if (tops[i] === null || /\s/.test(text[i])) continue;
      if (last !== null && tops[i] > last + 5) starts.push(i);
      last = tops[i];
    }
    out.push({text, starts});
  }
  const pre = document.createElement('pre'); pre.id = 'probe';
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
});
