// Suites start real processes against a real broker; their own waits carry the meaningful time limits.
jest.setTimeout(120000);
