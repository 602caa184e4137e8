// The page of a PDF being prepared looks again every few seconds and puts what it finds in
// place of its status, which screen readers announce (role="status"). It does not reload the
// page: a timed reload would move the reader and the keyboard back to the top (WCAG 2.2.1).
// Without script, the page's "Look again now" link does the same by hand.
const state = document.getElementById("pdf-state");

async function look() {
  const response = await fetch(window.location.href, { cache: "no-store" });
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const found = page.getElementById("pdf-state");
  if (found === null) {
    return; // not the PDF's page any more (signed out, the report changed): stop looking
  }
  if (found.dataset.preparing === undefined) {
    state.innerHTML = found.innerHTML;
    delete state.dataset.preparing;
    document.title = page.title;
    return;
  }
  window.setTimeout(look, Number(state.dataset.refresh) * 1000);
}

if (state !== null && state.dataset.preparing !== undefined) {
  window.setTimeout(look, Number(state.dataset.refresh) * 1000);
}
