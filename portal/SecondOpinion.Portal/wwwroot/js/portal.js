// Browser-side helpers the .NET code cannot do itself: upload progress (XMLHttpRequest), files as
// object URLs fetched with the bearer token, and the language choice in localStorage.
window.portal = {
  language: {
    get: () => localStorage.getItem("secondopinion.language"),
    set: (value) => localStorage.setItem("secondopinion.language", value),
    browser: () => navigator.language || "en",
    // The page's language for screen readers and fonts (WCAG 3.1.1).
    apply: (value) => { document.documentElement.lang = value; },
  },

  fileCount: (input) => (input && input.files ? input.files.length : 0),

  fileInfo: (input) => Array.from(input.files || []).map((f) => ({ name: f.name, size: f.size, type: f.type || "" })),

  // Sends one chosen file as the raw body; reports progress to .NET; resolves with the status and body.
  upload: (input, index, url, token, progress) =>
    new Promise((resolve) => {
      const file = input.files[index];
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("Authorization", "Bearer " + token);
      xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
      xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
      let last = -1;
      xhr.upload.onprogress = (e) => {
        if (!e.lengthComputable) return;
        const percent = Math.floor((e.loaded * 100) / e.total);
        if (percent !== last) { last = percent; progress.invokeMethodAsync("Report", index, percent); }
      };
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
      xhr.onerror = () => resolve({ status: 0, body: "" });
      xhr.send(file);
    }),

  clearFiles: (input) => { if (input) input.value = ""; },

  // A protected file (a record, the report PDF) as an object URL the page can show or save.
  objectUrl: async (url, token, accept) => {
    const response = await fetch(url, { headers: { Authorization: "Bearer " + token, Accept: accept || "*/*" } });
    if (!response.ok) return { status: response.status, url: null, type: null };
    const blob = await response.blob();
    return { status: response.status, url: URL.createObjectURL(blob), type: blob.type };
  },

  revoke: (url) => { if (url) URL.revokeObjectURL(url); },

  save: (url, name) => {
    const a = document.createElement("a");
    a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
  },

  focus: (selector) => { const el = document.querySelector(selector); if (el) el.focus(); },

  scrollIntoView: (id) => { const el = document.getElementById(id); if (el) { el.scrollIntoView({ block: "center" }); el.focus({ preventScroll: true }); } },
};

// Staff pages (Specialist/RecordViewer): a record as an object URL of the type the platform recorded for it,
// whatever the response says. Browsers show no PDF inside a sandboxed frame, so a PDF is framed without a
// sandbox: its object URL is made here as application/pdf, so that frame only ever holds the PDF viewer.
window.portal.typedObjectUrl = async (url, token, type) => {
  const response = await fetch(url, { headers: { Authorization: "Bearer " + token, Accept: type } });
  if (!response.ok) return { status: response.status, url: null, type: null };
  const blob = await response.blob();
  return { status: response.status, url: URL.createObjectURL(new Blob([blob], { type })), type };
};
