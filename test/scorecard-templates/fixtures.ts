// Template bodies for the template tests.

export const anchors = { 1: 'Cannot do it', 2: 'Does it with help', 3: 'Does it well', 4: 'Teaches it' }

export const attribute = (key: string, extra: object = {}) => ({ key, section: 'TECHNICAL', name: `Skill ${key}`, anchors, ...extra })

export const templateBody = (extra: object = {}) => ({
  name: 'Kafka pairing session',
  description: 'Streaming work, paired',
  attributes: [
    attribute('kafka', { weight: 2, guidingQuestions: ['How do you size partitions?'] }),
    attribute('pairing', { section: 'COMMUNICATION', description: 'Working at one keyboard' }),
  ],
  textFields: [{ key: 'notes', label: 'What you paired on', required: true }],
  ...extra,
})
