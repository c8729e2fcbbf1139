// Start the NHS.UK frontend components (conditional reveals, header menu, error summary focus …).
// Every page still works without JavaScript; this only enhances them.
import { initAll } from "./nhsuk-frontend.min.js";

initAll();
