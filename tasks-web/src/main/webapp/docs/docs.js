// The API reference: Swagger UI over the service's own OpenAPI document. "Authorize" takes a personal
// API key (phx_...), which "Try it out" then sends as a bearer token. The key is remembered in this
// browser's local storage (persistAuthorization) until "Logout" in the same dialog.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '../openapi?format=JSON',
    dom_id: '#reference',
    deepLinking: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    displayOperationId: true,
    displayRequestDuration: true,
    filter: true,
    persistAuthorization: true,
    tryItOutEnabled: false,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout'
  });
});
