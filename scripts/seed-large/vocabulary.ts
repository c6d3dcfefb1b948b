// The words the large seed builds people, jobs and notes from. Made up, and
// contact details use reserved names (example.com/.net/.org, RFC 2606; UK phone
// numbers from Ofcom's drama range), so no seeded e-mail or call reaches anyone.

export const firstNames = [
  'Aaliyah', 'Abdul', 'Ada', 'Adrian', 'Agnieszka', 'Ahmed', 'Aiko', 'Alejandro', 'Aleksandr', 'Alice', 'Amara', 'Amelia', 'Ana', 'Andrea', 'Anil',
  'Anna', 'Arjun', 'Astrid', 'Ayesha', 'Bartosz', 'Beatriz', 'Ben', 'Bilal', 'Camille', 'Carlos', 'Chen', 'Chloe', 'Chukwuemeka', 'Claire', 'Daniel',
  'Dagny', 'David', 'Deepa', 'Diego', 'Dmitri', 'Elena', 'Elif', 'Emily', 'Emma', 'Ethan', 'Fatima', 'Farid', 'Felix', 'Fiona', 'Francesca',
  'Gabriel', 'Grace', 'Hana', 'Hannah', 'Hassan', 'Hiroshi', 'Ines', 'Ingrid', 'Isaac', 'Isabella', 'Ivan', 'Jack', 'James', 'Javier', 'Jin',
  'Johan', 'Jonas', 'Julia', 'Kai', 'Kamala', 'Karim', 'Katarzyna', 'Kenji', 'Kwame', 'Laura', 'Léa', 'Leila', 'Liam', 'Lucas', 'Lucia',
  'Magnus', 'Maria', 'Mateo', 'Mei', 'Mohammed', 'Nadia', 'Naledi', 'Nikhil', 'Noah', 'Nora', 'Olga', 'Oliver', 'Omar', 'Oskar', 'Paula',
  'Pedro', 'Priya', 'Priyanka', 'Quinn', 'Rafael', 'Rahul', 'Rosa', 'Ruth', 'Sakura', 'Samuel', 'Sara', 'Sebastian', 'Sipho', 'Sofia', 'Sophie',
  'Stefan', 'Sunita', 'Tariq', 'Thomas', 'Tomás', 'Uma', 'Valentina', 'Viktor', 'Wei', 'Wen', 'William', 'Ximena', 'Yara', 'Yusuf', 'Zainab', 'Zoë',
] as const

export const lastNames = [
  'Abara', 'Adeyemi', 'Ahmed', 'Ali', 'Andersen', 'Bakker', 'Banerjee', 'Bergström', 'Bianchi', 'Brown', 'Castillo', 'Chen', 'Choi', 'Cohen', 'Costa',
  'Da Silva', 'Dubois', 'Eriksen', 'Evans', 'Fernandes', 'Fischer', 'García', 'Gomez', 'González', 'Gupta', 'Haddad', 'Hansen', 'Hernández', 'Hoffmann', 'Hughes',
  'Ibrahim', 'Ivanova', 'Jackson', 'Jansen', 'Jensen', 'Johnson', 'Jones', 'Kaur', 'Khan', 'Kim', 'Kowalski', 'Kumar', 'Larsen', 'Lee', 'Li',
  'Lindqvist', 'Liu', 'Lopez', 'Martin', 'Martínez', 'Mensah', 'Meyer', 'Moreau', 'Müller', 'Murphy', 'Nakamura', 'Nguyen', 'Nielsen', 'Novak', 'Nowak',
  "O'Brien", 'Okafor', 'Olsen', 'Park', 'Patel', 'Pereira', 'Petrov', 'Popescu', 'Quintero', 'Rahman', 'Reddy', 'Rossi', 'Russo', 'Sato', 'Schmidt',
  'Schneider', 'Shah', 'Silva', 'Singh', 'Smith', 'Sokolov', 'Suzuki', 'Tanaka', 'Taylor', 'Thomas', 'Usman', 'Van Dijk', 'Varga', 'Wagner', 'Walsh',
  'Wang', 'Weber', 'Williams', 'Wilson', 'Wong', 'Wright', 'Yamamoto', 'Yang', 'Yilmaz', 'Zhang', 'Zhou', 'Zieliński',
] as const

export const emailDomains = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'post.example.net', 'inbox.example.org'] as const

// Back-end skills as candidates write them; search is checked against these (and their typos).
export const skills = [
  'PostgreSQL', 'MySQL', 'SQLite', 'MongoDB', 'Redis', 'Cassandra', 'Elasticsearch', 'Kafka', 'RabbitMQ', 'SQL',
  'Node.js', 'TypeScript', 'JavaScript', 'Python', 'Django', 'Flask', 'FastAPI', 'Java', 'Spring', 'Kotlin',
  'Go', 'Rust', 'Ruby', 'Ruby on Rails', 'PHP', 'Laravel', 'C#', '.NET', 'Scala', 'Elixir',
  'REST', 'GraphQL', 'gRPC', 'Microservices', 'Docker', 'Kubernetes', 'Terraform', 'AWS', 'GCP', 'Azure',
  'Linux', 'Git', 'CI/CD', 'TDD', 'OAuth', 'Security', 'Caching', 'Performance tuning', 'Distributed systems', 'Observability',
] as const

// Where candidates come from, the common ones listed more than once.
export const sources = [
  'careers page', 'careers page', 'careers page', 'LinkedIn', 'LinkedIn', 'LinkedIn', 'referral', 'referral', 'agency', 'Indeed',
  'GitHub', 'Stack Overflow', 'meetup', 'conference', 'university fair', 'import',
] as const

export const places = [
  { location: 'London, UK', timeZone: 'Europe/London' },
  { location: 'Manchester, UK', timeZone: 'Europe/London' },
  { location: 'Edinburgh, UK', timeZone: 'Europe/London' },
  { location: 'Dublin, Ireland', timeZone: 'Europe/Dublin' },
  { location: 'Berlin, Germany', timeZone: 'Europe/Berlin' },
  { location: 'Munich, Germany', timeZone: 'Europe/Berlin' },
  { location: 'Amsterdam, Netherlands', timeZone: 'Europe/Amsterdam' },
  { location: 'Paris, France', timeZone: 'Europe/Paris' },
  { location: 'Lisbon, Portugal', timeZone: 'Europe/Lisbon' },
  { location: 'Madrid, Spain', timeZone: 'Europe/Madrid' },
  { location: 'Warsaw, Poland', timeZone: 'Europe/Warsaw' },
  { location: 'Stockholm, Sweden', timeZone: 'Europe/Stockholm' },
  { location: 'Lagos, Nigeria', timeZone: 'Africa/Lagos' },
  { location: 'Nairobi, Kenya', timeZone: 'Africa/Nairobi' },
  { location: 'Cape Town, South Africa', timeZone: 'Africa/Johannesburg' },
  { location: 'Bangalore, India', timeZone: 'Asia/Kolkata' },
  { location: 'Singapore', timeZone: 'Asia/Singapore' },
  { location: 'Toronto, Canada', timeZone: 'America/Toronto' },
  { location: 'New York, USA', timeZone: 'America/New_York' },
  { location: 'São Paulo, Brazil', timeZone: 'America/Sao_Paulo' },
  { location: 'Remote', timeZone: 'UTC' },
] as const

export const jobTitles = [
  'Back-end Developer', 'Senior Back-end Developer', 'Staff Back-end Engineer', 'Platform Engineer', 'API Engineer', 'Data Engineer',
  'Site Reliability Engineer', 'Node.js Developer', 'Python Developer', 'Java Developer', 'Go Developer', 'Database Engineer',
  'Payments Engineer', 'Search Engineer', 'Integrations Engineer', 'Infrastructure Engineer',
] as const

export const teams = ['Payments', 'Search', 'Platform', 'Identity', 'Data', 'Growth', 'Core API', 'Billing', 'Logistics', 'Messaging'] as const
export const departments = ['Engineering', 'Engineering', 'Engineering', 'Data', 'Infrastructure'] as const
export const jobLocations = ['London, UK', 'Berlin, Germany', 'Lisbon, Portugal', 'Remote (Europe)', 'Remote', 'Amsterdam, Netherlands', 'Toronto, Canada'] as const

export const rejectionNotes = [
  'Not enough depth in databases for this level.', 'Strong coding, but little experience with distributed systems.',
  'Looking for a higher salary than the band allows.', 'We filled the position with another candidate.',
  'Did not reply to two scheduling e-mails.', 'Failed the reference check.', 'Experience is mostly front-end.',
  'Could not explain past design decisions.', null, null,
] as const

export const withdrawalReasons = ['Accepted another offer', 'Staying with current employer', 'Relocation fell through', 'Role not a fit after first call', null] as const
