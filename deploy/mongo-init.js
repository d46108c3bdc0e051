// Runs once, when the MongoDB volume is first initialised (docker-entrypoint-initdb.d): one user
// per service, each allowed only its own database. Passwords come from the container's
// environment (docker-compose.yml), never from this file.
const users = [
  ['people_grids', 'PEOPLE_GRIDS_MONGO_PASSWORD'],
  ['service_matters', 'SERVICE_MATTERS_MONGO_PASSWORD'],
  ['volunteers', 'VOLUNTEERS_MONGO_PASSWORD'],
  ['evaluations', 'EVALUATIONS_MONGO_PASSWORD'],
];
const admin = db.getSiblingDB('admin');
for (const [name, variable] of users) {
  const pwd = process.env[variable];
  if (!pwd) throw new Error(`${variable} is not set`);
  if (!admin.getUser(name)) admin.createUser({ user: name, pwd, roles: [{ role: 'readWrite', db: name }] });
}
