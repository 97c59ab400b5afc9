// Quire admin enhancements. Everything works without this file; it only adds shortcuts.
"use strict";

// A small Markdown toolbar above each editor text area.
function addToolbar(textarea) {
  const actions = [
    ["Bold", "**", "**"], ["Italic", "_", "_"], ["Link", "[", "](https://)"],
    ["Heading", "\n## ", ""], ["Quote", "\n> ", ""], ["List", "\n- ", ""], ["Code", "`", "`"],
  ];
  const bar = document.createElement("div");
  bar.className = "toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Formatting");
  for (const [label, before, after] of actions) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", () => {
      const { selectionStart: start, selectionEnd: end, value } = textarea;
      const chosen = value.slice(start, end);
      textarea.setRangeText(before + chosen + after, start, end, "end");
      textarea.focus();
    });
    bar.append(button);
  }
  textarea.before(bar);
}

// "Select all" for the comment queue's checkboxes.
function addSelectAll(box) {
  box.hidden = false;
  box.querySelector("input").addEventListener("change", (event) => {
    for (const item of document.querySelectorAll("input[name='ids']")) item.checked = event.target.checked;
  });
}

// Warn before leaving an editor with unsaved changes.
function guardUnsaved(form) {
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });
}

// The editor's image picker: insert an image's Markdown at the cursor, or make it the featured image.
function addImagePicker(picker) {
  const text = document.getElementById("body_markdown");
  for (const button of picker.querySelectorAll("button.insert-image")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const { selectionStart: start, selectionEnd: end } = text;
      text.setRangeText("\n" + button.dataset.markdown + "\n", start, end, "end");
      text.focus();
      text.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  const featured = document.getElementById("featured_image_url");
  // A page's editor has no featured image: its buttons stay hidden.
  for (const button of featured ? picker.querySelectorAll("button.feature-image") : []) {
    button.hidden = false;
    button.addEventListener("click", () => {
      featured.value = button.dataset.url;
      const alt = document.getElementById("featured_image_alt");
      if (!alt.value) alt.value = button.dataset.alt;
      alt.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".media-picker").forEach(addImagePicker);
  document.querySelectorAll("textarea.markdown").forEach(addToolbar);
  document.querySelectorAll(".select-all").forEach(addSelectAll);
  document.querySelectorAll("form.editor").forEach(guardUnsaved);
});
