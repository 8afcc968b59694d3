"""The dry run: a file's rows checked against the application's own rules, nothing written.

Every row becomes unsaved Family, Person and Case objects, checked with the models' own
validation (`full_clean`) and the families services' own definitions of the rules on dates and
lead professionals (`date_of_birth_problems`, `referral_date_problems`,
`allocation_day_problems`, `may_lead_cases_of`), besides what only a file can get wrong (a
family given twice with other details, an id imported before). A family is never empty: at
least one young person who is the focus of the work; the team is one of the user's scope.
Each problem names its row (the spreadsheet's number: the header is row 1) and its column.
Possible duplicates come from the families app's own check (`families.matching.DuplicateCheck`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from edgecare.models import Team, User
from edgecare.validators import validate_plain_name
from families import models_lists
from families.matching import DuplicateCheck, PossibleDuplicates
from families.models import Case, Family, ListEntry, Person
from families.services import (
    ALLOCATABLE_ROLES,
    allocation_day_problems,
    date_of_birth_problems,
    may_lead_cases_of,
    referral_date_problems,
)
from imports.columns import (
    CASE_COLUMNS,
    FAMILY_COLUMNS,
    GENDER_ABBREVIATIONS,
    NO_WORDS,
    YES_WORDS,
    parse_date,
    parse_time,
)
from imports.reading import Cell, Table


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class PlannedCase:
    row: int
    case: Case
    lead_professional: User | None
    allocated_on: datetime.date | None
    stage: str


@dataclass
class PlannedFamily:
    external_id: str
    first_row: int
    family: Family
    people: list[tuple[int, Person]] = field(default_factory=list)
    case: PlannedCase | None = None
    duplicates: PossibleDuplicates = field(default_factory=PossibleDuplicates)
    people_duplicates: list[tuple[Person, PossibleDuplicates]] = field(default_factory=list)

    @property
    def has_possible_duplicates(self) -> bool:
        return bool(self.duplicates) or bool(self.people_duplicates)


@dataclass
class Checked:
    kind: str
    rows: int
    families: list[PlannedFamily]
    problems: list[RowProblem]
    formula_cells: list[Cell]
    ignored_columns: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def people_count(self) -> int:
        return sum(len(f.people) for f in self.families)

    @property
    def cases_count(self) -> int:
        return sum(1 for f in self.families if f.case is not None)

    @property
    def possible_duplicates_count(self) -> int:
        return sum(1 for f in self.families if f.has_possible_duplicates)


_STAGES = {
    "referred": Case.Status.REFERRED,
    "referral": Case.Status.REFERRED,
    "assessment": Case.Status.ASSESSMENT,
    "active": Case.Status.ACTIVE,
}
# The model field each column fills, for naming a model validation error's column.
_FAMILY_FIELDS = {
    "family_name": "family_name",
    "address_line_1": "address_line_1",
    "address_line_2": "address_line_2",
    "town": "town",
    "postcode": "postcode",
    "phone": "family_phone",
    "main_language": "main_language",
    "interpreter_language": "interpreter_language",
}
_PERSON_FIELDS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "preferred_name": "preferred_name",
    "date_of_birth": "date_of_birth",
    "gender": "gender",
    "relationship": "role",
    "phone": "person_phone",
    "external_id": "person_id",
}
_CASE_FIELDS = {
    "referral_source": "referral_source",
    "referrer_name": "referrer_name",
    "presenting_concerns": "presenting_concerns",
    "urgency": "urgency",
    "external_id": "case_id",
}


def importable_teams(user: User) -> QuerySet[Team]:
    """The teams `user` may import cases into: an administrator's whole organisation, a
    service manager's service, a team manager's own team; nobody else's."""
    teams = Team.objects.select_related("service").filter(
        service__organisation_id=user.organisation_id
    )
    if user.organisation_id is None:
        return teams.none()
    if user.role == User.Role.ADMINISTRATOR or user.is_superuser:
        return teams
    if user.role == User.Role.SERVICE_MANAGER and user.service_id:
        return teams.filter(service_id=user.service_id)
    if user.role == User.Role.TEAM_MANAGER and user.team_id:
        return teams.filter(pk=user.team_id)
    return teams.none()


class _Lookups:
    """What the rows are checked against, read once for the whole file."""

    def __init__(self, user: User, table: Table) -> None:
        org = user.organisation_id
        self.relationships = _wording(models_lists.choices(org, ListEntry.Kind.RELATIONSHIP))
        self.sources = _wording(models_lists.choices(org, ListEntry.Kind.REFERRAL_SOURCE))
        self.genders = _wording(Person.Gender.choices) | GENDER_ABBREVIATIONS
        self.urgencies = _wording(Case.Urgency.choices) | {
            label.split(" ")[0].lower(): code for code, label in Case.Urgency.choices
        }
        self.teams: dict[str, list[Team]] = {}
        for team in importable_teams(user):
            self.teams.setdefault(team.name.casefold(), []).append(team)
        self.workers: dict[str, User] = {}
        for worker in User.objects.filter(
            organisation_id=org, is_active=True, role__in=ALLOCATABLE_ROLES
        ):
            self.workers[worker.username.casefold()] = worker
            if worker.email:
                self.workers.setdefault(worker.email.casefold(), worker)
        person_ids = {row.get("person_id", "") for row in table.rows} - {""}
        case_ids = {row.get("case_id", "") for row in table.rows} - {""}
        family_ids = {row.get("family_id", "") for row in table.rows} - {""}
        self.people_on_record = set(
            Person.objects.filter(
                family__organisation_id=org, external_id__in=person_ids
            ).values_list("external_id", flat=True)
        )
        self.cases_on_record = set(
            Case.objects.filter(family__organisation_id=org, external_id__in=case_ids).values_list(
                "external_id", flat=True
            )
        )
        self.families_on_record = set(
            Family.objects.filter(organisation_id=org, external_id__in=family_ids).values_list(
                "external_id", flat=True
            )
        )


def _wording(choices) -> dict[str, str]:
    found: dict[str, str] = {}
    for code, label in choices:
        found[str(code).casefold()] = code
        found[str(label).casefold()] = code
    return found


class _Checker:
    def __init__(self, user: User, table: Table, default_team: Team | None) -> None:
        self.user = user
        self.table = table
        self.default_team = default_team
        self.lookups = _Lookups(user, table)
        self.problems: list[RowProblem] = []
        self.today = timezone.localdate()

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(RowProblem(row, column, message))

    def model_errors(self, error: ValidationError, row: int, columns: dict[str, str]) -> None:
        for name, messages in error.message_dict.items():
            column = columns.get(name, name)
            for message in messages:
                self.problem(row, column, message)

    def date(self, row: int, cells: dict[str, str], column: str) -> datetime.date | None:
        text = cells.get(column, "")
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            self.problem(row, column, "Enter a real date, as YYYY-MM-DD or DD/MM/YYYY")
            return None

    def yes_no(self, row: int, cells: dict[str, str], column: str, default: bool) -> bool:
        text = cells.get(column, "").casefold()
        if not text:
            return default
        if text in YES_WORDS:
            return True
        if text in NO_WORDS:
            return False
        self.problem(row, column, "Enter Yes or No")
        return default

    def coded(self, row: int, text: str, column: str, known: dict[str, str], what: str) -> str:
        code = known.get(text.casefold())
        if code is None:
            self.problem(row, column, f"'{text[:60]}' is not one of this application's {what}")
            return ""
        return code

    # -- families ---------------------------------------------------------------------------

    def check(self, *, duplicates: bool = True) -> Checked:
        families: dict[str, PlannedFamily] = {}
        family_cells: dict[str, dict[str, tuple[int, str]]] = {}
        case_cells: dict[str, dict[str, tuple[int, str]]] = {}
        seen_people: dict[str, int] = {}
        members: dict[str, list[tuple[int, dict[str, str]]]] = {}
        for index, cells in enumerate(self.table.rows):
            if not cells:
                continue
            row = Table.row_number(index)
            family_id = cells.get("family_id", "")
            if not family_id:
                self.problem(row, "family_id", "Enter the previous system's family id")
                continue
            members.setdefault(family_id, []).append((row, cells))
            self._gather(row, cells, FAMILY_COLUMNS, family_cells.setdefault(family_id, {}))
            self._gather(row, cells, CASE_COLUMNS, case_cells.setdefault(family_id, {}))
        for family_id, rows in members.items():
            planned = self._family(family_id, rows[0][0], family_cells[family_id])
            for row, cells in rows:
                person = self._person(row, cells, seen_people)
                if person is not None:
                    planned.people.append((row, person))
            if not any(p.is_focus for _, p in planned.people):
                self.problem(
                    rows[0][0],
                    "focus",
                    "A family needs at least one young person who is the focus of the work "
                    "(role Young person, focus Yes)",
                )
            if any(case_cells[family_id].values()):
                planned.case = self._case(planned, case_cells[family_id])
            families[family_id] = planned
        checked = Checked(
            kind=self.table.kind,
            rows=sum(1 for cells in self.table.rows if cells),
            families=list(families.values()),
            problems=sorted(self.problems, key=lambda p: (p.row, p.column)),
            formula_cells=self.table.formula_cells,
            ignored_columns=self.table.ignored_columns,
        )
        if duplicates:
            self._duplicates(checked)
        return checked

    def _gather(self, row, cells, columns, found: dict[str, tuple[int, str]]) -> None:
        """A family's (or its case's) value for each column: from the first row giving it; a
        later row giving another value is a problem, never silently one or the other."""
        for column in columns:
            value = cells.get(column, "")
            if column == "family_id" or not value:
                continue
            if column not in found:
                found[column] = (row, value)
            elif found[column][1] != value:
                self.problem(
                    row,
                    column,
                    f"This differs from row {found[column][0]} of the same family: give the "
                    "family's and its case's details once, or the same on every row",
                )

    def _family(self, family_id: str, first_row: int, cells) -> PlannedFamily:
        value = {column: text for column, (_row, text) in cells.items()}
        if family_id in self.lookups.families_on_record:
            self.problem(
                first_row,
                "family_id",
                "A family with this id was imported before: take it out of the file",
            )
        language = value.get("interpreter_language", "")
        family = Family(
            organisation_id=self.user.organisation_id,
            created_by=self.user,
            external_id=family_id,
            family_name=value.get("family_name", ""),
            address_line_1=value.get("address_line_1", ""),
            address_line_2=value.get("address_line_2", ""),
            town=value.get("town", ""),
            postcode=value.get("postcode", "").upper(),
            phone=value.get("family_phone", ""),
            main_language=value.get("main_language", "") or "English",
            interpreter_needed=bool(language),
            interpreter_language=language,
        )
        row_of = {column: row for column, (row, _text) in cells.items()}
        if not family.family_name:
            self.problem(first_row, "family_name", "Enter the family's name")
        else:
            self._plain(row_of.get("family_name", first_row), "family_name", family.family_name)
        try:
            family.full_clean(exclude=["organisation", "created_by", "archived_by"])
        except ValidationError as error:
            self.model_errors(error, first_row, _FAMILY_FIELDS)
        return PlannedFamily(external_id=family_id, first_row=first_row, family=family)

    def _plain(self, row: int, column: str, text: str) -> None:
        try:
            validate_plain_name(text)
        except ValidationError as error:
            for message in error.messages:
                self.problem(row, column, message)

    # -- people -----------------------------------------------------------------------------

    def _person(self, row: int, cells: dict[str, str], seen: dict[str, int]) -> Person | None:
        person_id = cells.get("person_id", "")
        if not person_id:
            self.problem(row, "person_id", "Enter the previous system's person id")
        elif person_id in seen:
            self.problem(row, "person_id", f"The same person id is on row {seen[person_id]}")
        else:
            seen[person_id] = row
            if person_id in self.lookups.people_on_record:
                self.problem(
                    row,
                    "person_id",
                    "A person with this id was imported before: take them out of the file",
                )
        for column, what in (("first_name", "first name"), ("last_name", "last name")):
            if not cells.get(column):
                self.problem(row, column, f"Enter the person's {what}")
            else:
                self._plain(row, column, cells[column])
        role_text = cells.get("role", "")
        relationship = (
            self.coded(row, role_text, "role", self.lookups.relationships, "roles in a family")
            if role_text
            else ""
        )
        if not role_text:
            self.problem(row, "role", "Enter the person's role in the family, e.g. Young person")
        is_young_person = relationship == Person.Relationship.YOUNG_PERSON
        is_focus = self.yes_no(row, cells, "focus", default=is_young_person)
        if is_focus and not is_young_person and relationship:
            self.problem(row, "focus", "Only a young person can be the focus of the work")
        gender_text = cells.get("gender", "")
        gender = (
            self.coded(row, gender_text, "gender", self.lookups.genders, "genders")
            if gender_text
            else Person.Gender.NOT_KNOWN
        )
        problems_before = len(self.problems)
        born = self.date(row, cells, "date_of_birth")
        if len(self.problems) == problems_before:  # not already "Enter a real date"
            for message in date_of_birth_problems(born, is_focus=is_focus, today=self.today):
                self.problem(row, "date_of_birth", message)
        person = Person(
            external_id=person_id,
            first_name=cells.get("first_name", ""),
            last_name=cells.get("last_name", ""),
            preferred_name=cells.get("preferred_name", ""),
            date_of_birth=born,
            gender=gender or Person.Gender.NOT_KNOWN,
            relationship=relationship,
            is_focus=is_focus and is_young_person,
            lives_in_household=self.yes_no(row, cells, "lives_in_household", default=True),
            phone=cells.get("person_phone", ""),
        )
        try:
            person.full_clean(exclude=["family", "relationship", "cares_for"])
        except ValidationError as error:
            self.model_errors(error, row, _PERSON_FIELDS)
        return person

    # -- the open case ----------------------------------------------------------------------

    def _case(self, planned: PlannedFamily, cells) -> PlannedCase:
        value = {column: text for column, (_row, text) in cells.items()}
        row_of = {column: row for column, (row, _text) in cells.items()}
        row = min(row_of.values())

        def at(column: str) -> int:
            return row_of.get(column, row)

        case_id = value.get("case_id", "")
        if not case_id:
            self.problem(row, "case_id", "Enter the previous system's case id")
        elif case_id in self.lookups.cases_on_record:
            self.problem(at("case_id"), "case_id", "A case with this id was imported before")
        for column, message in (
            ("referral_date", "Enter the date of the referral"),
            ("referral_source", "Enter who referred the family"),
            ("presenting_concerns", "Enter why the family was referred"),
        ):
            if not value.get(column):
                self.problem(row, column, message)
        referral_date = self.date(at("referral_date"), value, "referral_date")
        if referral_date is not None:
            for message in referral_date_problems(referral_date, today=self.today):
                self.problem(at("referral_date"), "referral_date", message)
        referral_time = None
        if value.get("referral_time"):
            try:
                referral_time = parse_time(value["referral_time"])
            except ValueError:
                self.problem(
                    at("referral_time"), "referral_time", "Enter a time as HH:MM, e.g. 14:30"
                )
        source = (
            self.coded(
                at("referral_source"),
                value["referral_source"],
                "referral_source",
                self.lookups.sources,
                "referral sources",
            )
            if value.get("referral_source")
            else ""
        )
        urgency = (
            self.coded(
                at("urgency"), value["urgency"], "urgency", self.lookups.urgencies, "urgencies"
            )
            if value.get("urgency")
            else Case.Urgency.ROUTINE
        )
        stage = Case.Status.REFERRED
        if value.get("stage"):
            stage = _STAGES.get(value["stage"].casefold(), "")
            if not stage:
                self.problem(at("stage"), "stage", "Enter Referred, Assessment or Active")
                stage = Case.Status.REFERRED
        team = self._team(at("team"), value.get("team", ""))
        lead = None
        if value.get("lead_professional"):
            lead = self.lookups.workers.get(value["lead_professional"].casefold())
            if lead is None:
                self.problem(
                    at("lead_professional"),
                    "lead_professional",
                    "No key worker or team manager of your organisation has this e-mail "
                    "address or user name",
                )
            elif team is not None and not may_lead_cases_of(lead, team):
                self.problem(
                    at("lead_professional"),
                    "lead_professional",
                    f"{lead} is not a key worker or team manager of {team}",
                )
                lead = None
        allocated_on = self.date(at("allocated_on"), value, "allocated_on")
        if allocated_on is not None:
            # A new case: no allocation before this one.
            for message in allocation_day_problems(
                allocated_on, referral_date=referral_date, today=self.today
            ):
                self.problem(at("allocated_on"), "allocated_on", message)
            if not value.get("lead_professional"):
                self.problem(
                    at("allocated_on"),
                    "lead_professional",
                    "Enter the lead professional the allocation date is for",
                )
        case = Case(
            external_id=case_id,
            status=Case.Status.REFERRED,
            team=team,
            service_id=team.service_id if team else None,
            referral_date=referral_date or self.today,
            referral_time=referral_time,
            referral_source=source,
            referrer_name=value.get("referrer_name", ""),
            presenting_concerns=value.get("presenting_concerns", ""),
            urgency=urgency or Case.Urgency.ROUTINE,
            lead_professional=lead,
            created_by=self.user,
        )
        try:
            case.full_clean(
                exclude=[
                    "family",
                    "service",
                    "team",
                    "lead_professional",
                    "created_by",
                    "referral_source",
                    "presenting_concerns",
                    "young_people",
                ]
            )
        except ValidationError as error:
            self.model_errors(error, row, _CASE_FIELDS)
        return PlannedCase(
            row=row,
            case=case,
            lead_professional=lead,
            allocated_on=allocated_on or (referral_date if lead else None),
            stage=stage,
        )

    def _team(self, row: int, name: str) -> Team | None:
        if not name:
            if self.default_team is None:
                self.problem(
                    row, "team", "Enter the team, or choose one on the page for rows without"
                )
            return self.default_team
        teams = self.lookups.teams.get(name.casefold(), [])
        if not teams:
            self.problem(
                row,
                "team",
                f"There is no team called '{name[:60]}' among the teams you may import into",
            )
            return None
        if len(teams) > 1:
            self.problem(
                row, "team", f"Two services have a team called '{name[:60]}': import them apart"
            )
            return None
        return teams[0]

    # -- possible duplicates ----------------------------------------------------------------

    def _duplicates(self, checked: Checked) -> None:
        check = DuplicateCheck(self.user)
        for planned in checked.families:
            planned.duplicates = check.families(planned.family.family_name)
            for _row, person in planned.people:
                found = check.people(
                    first_name=person.first_name,
                    last_name=person.last_name,
                    date_of_birth=person.date_of_birth,
                )
                if found:
                    planned.people_duplicates.append((person, found))


def check_table(
    *, user: User, table: Table, default_team: Team | None, duplicates: bool = True
) -> Checked:
    """The dry run's answer. `duplicates` False leaves out the search for possible duplicates
    (an import of a file whose dry run already showed them: the slowest part of a check of a
    large file against a large organisation)."""
    return _Checker(user, table, default_team).check(duplicates=duplicates)
