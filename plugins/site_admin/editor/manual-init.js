// Decap CMS starts only when main.js has registered the format, widgets and preview.
window.CMS_MANUAL_INIT = true;
