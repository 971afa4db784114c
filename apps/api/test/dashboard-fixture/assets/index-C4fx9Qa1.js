// A stand-in for a hashed Vite chunk: enough repeated text that compression pays off.
const statuses = ["pending", "running", "completed", "failed"];
const rows = [];
for (const status of statuses) {
  rows.push({
    status,
    label: `Runs that are ${status}`,
    description: `Every run whose status is ${status}`,
  });
  rows.push({
    status,
    label: `Runs that are ${status}`,
    description: `Every run whose status is ${status}`,
  });
  rows.push({
    status,
    label: `Runs that are ${status}`,
    description: `Every run whose status is ${status}`,
  });
  rows.push({
    status,
    label: `Runs that are ${status}`,
    description: `Every run whose status is ${status}`,
  });
}
const root = document.getElementById("root");
if (root) {
  for (const row of rows) {
    const item = document.createElement("p");
    item.textContent = `${row.label}: ${row.description}`;
    root.append(item);
  }
}
