"""Scripted fakes of the network services Handoff talks to; tests use them instead of the network."""
