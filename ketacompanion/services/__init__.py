"""Qt-facing services that are not audio: the session, keep-awake, notes autosave.

Services are QObjects with typed Signals and Enum states; widgets receive the
narrowest service they need and only connect signals to slots.
"""
