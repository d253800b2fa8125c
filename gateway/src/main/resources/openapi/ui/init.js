// Swagger UI over the gateway's four API documents (docs/adr/0018); a file of its own because the page's CSP
// allows no inline script.
window.ui = SwaggerUIBundle({
  urls: [
    { url: "/openapi/admin.json", name: "Admin API" },
    { url: "/openapi/consumer.json", name: "Consumer API" },
    { url: "/openapi/spotlight-admin.json", name: "Spotlight Admin API" },
    { url: "/openapi/spotlight-sdk.json", name: "Spotlight SDK API" },
  ],
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
});
