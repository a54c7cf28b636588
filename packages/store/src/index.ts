// Exports added here are public: list each one by name.
export {};
