"""One canonical name per actor: "M23", "March 23 Movement" and "AFC" are all "M23/AFC"."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from timeline_app.core.errors import FieldError
from timeline_app.core.model import Actor, ActorRef, Event


def name_key(name: str) -> str:
    """How names are compared: accents count; spacing and letter case do not."""
    return " ".join(name.split()).casefold()


class ActorRegistry:
    """The actors of one dataset, and every name that leads to each of them."""

    def __init__(self, actors: Iterable[Actor] = ()) -> None:
        self._actors: dict[str, Actor] = {}  # canonical name -> actor
        self._lookup: dict[str, str] = {}  # name key of a name or alias -> canonical name
        self.changed: set[str] = set()  # canonical names added or changed since loading
        for actor in actors:
            self._put(actor)
        self.changed.clear()

    @property
    def actors(self) -> list[Actor]:
        return list(self._actors.values())

    def _put(self, actor: Actor) -> None:
        self._actors[actor.name] = actor
        for name in (actor.name, *actor.aliases):
            self._lookup[name_key(name)] = actor.name
        self.changed.add(actor.name)

    def merge(self, actor: Actor) -> None:
        """Add an actor, or join its aliases and kind to the one it already names."""
        owner = self._lookup.get(name_key(actor.name))
        for alias in actor.aliases:
            other = self._lookup.get(name_key(alias))
            if other is not None and owner is not None and other != owner:
                raise FieldError(
                    "actors.aliases",
                    f"'{alias}' (an alias of '{actor.name}') already names '{other}'",
                )
            if other is not None and owner is None:
                owner = other
        if owner is None:
            self._put(actor)
            return
        known = self._actors[owner]
        aliases = list(known.aliases)
        seen = {name_key(a) for a in (known.name, *aliases)}
        for alias in (actor.name, *actor.aliases):
            if name_key(alias) not in seen:
                aliases.append(alias)
                seen.add(name_key(alias))
        merged = Actor(known.name, tuple(aliases), actor.kind or known.kind)
        if merged != known:
            self._put(merged)

    def take_changed(self) -> list[Actor]:
        """The actors added or changed since the last call (or since loading)."""
        changed = [a for name, a in self._actors.items() if name in self.changed]
        self.changed.clear()
        return changed

    def find(self, name: str) -> str | None:
        """The canonical name `name` stands for, or None if it names no actor."""
        return self._lookup.get(name_key(name))

    def resolve(self, name: str) -> str:
        """The canonical name for `name`; a name never seen becomes an actor of its own."""
        canonical = self._lookup.get(name_key(name))
        if canonical is None:
            canonical = " ".join(name.split())
            self._put(Actor(canonical))
        return canonical

    def canonical_event(self, event: Event) -> Event:
        """The event with canonical actor names. Two names of one actor ("M23" and "AFC")
        become one actor, in the stronger role (actors come ordered by role)."""
        refs: dict[str, ActorRef] = {}
        for a in event.actors:
            name = self.resolve(a.name)
            refs.setdefault(name, ActorRef(name, a.role))
        actors = tuple(refs.values())
        if actors == event.actors:
            return event
        return dataclasses.replace(event, actors=actors)
