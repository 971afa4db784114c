/** What `/` answers while there is no built dashboard: how to get one (no inline script or style). */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Columnline Runs: the dashboard is not built</title>
</head>
<body>
<h1>The dashboard is not built</h1>
<p>The Columnline Runs API is running (<a href="/healthz">/healthz</a>, <a href="/api/openapi.json">/api/openapi.json</a>), but its dashboard folder holds no <code>index.html</code>.</p>
<p>Build it with <code>pnpm --dir apps/dashboard build</code> and reload this page, or set <code>DASHBOARD_DIR</code> to a folder holding a built dashboard (default: <code>apps/dashboard/dist</code>). While developing, <code>pnpm dev</code> serves it with hot reload.</p>
</body>
</html>
`;
