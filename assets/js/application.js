// Start the NHS.UK frontend components (conditional reveals, header menu, error summary focus …).
// Every page still works without JavaScript; this only enhances them.
import { initAll } from "./nhsuk-frontend.min.js";

initAll();

// NHS.UK frontend marks radios and checkboxes that reveal a further question with
// aria-expanded, which ARIA does not allow on those roles (axe-core: aria-allowed-attr). The
// revealed question follows its input in the page, so it is reached in order without it:
// remove the attribute whenever it is set.
const isChoice = (element) =>
  element instanceof HTMLInputElement && (element.type === "radio" || element.type === "checkbox");
const dropExpanded = (element) => {
  if (isChoice(element) && element.hasAttribute("aria-expanded")) {
    element.removeAttribute("aria-expanded");
  }
};
document.querySelectorAll("input[aria-expanded]").forEach(dropExpanded);
new MutationObserver((changes) => changes.forEach((change) => dropExpanded(change.target))).observe(
  document.body,
  { attributes: true, attributeFilter: ["aria-expanded"], subtree: true },
);
