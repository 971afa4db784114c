export {
  createTestDatabase,
  dropTestDatabase,
  openTestDb,
  type TestDb,
  testEngines,
  urlForDatabase,
} from "./open-test-db";
