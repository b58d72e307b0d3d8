-- Run once by the postgres image on an empty volume: one database per subgraph, owned by the
-- application role (POSTGRES_USER). Migrations (`agora migrate`) create the tables.
CREATE DATABASE agora_users;
CREATE DATABASE agora_notifications;
CREATE DATABASE agora_freelance;
CREATE DATABASE agora_content;
CREATE DATABASE agora_marketplace;
