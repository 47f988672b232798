"""Reading inputs and writing reports. Readers validate; writers never compute."""
