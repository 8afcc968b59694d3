"""Demo families and their cases for the fictional Fernbridge Borough Council.

Every family, person, address and circumstance here is invented. Dates are offsets from
`demo.today` (set here to today's date if nobody set it before), so the demo always looks current
and is the same on every run of the same day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from families.models import Allocation, Case, Decision, Family, Person

F, M, NB = Person.Gender.FEMALE, Person.Gender.MALE, Person.Gender.NON_BINARY
R = Person.Relationship
CIN, CP, NONE = "cin", "cp", "none"


@dataclass
class Member:
    first: str
    last: str
    age: int
    gender: str
    relationship: str
    focus: bool = False
    plan: str = NONE
    lives: bool = True
    preferred: str = ""
    phone: str = ""
    notes: str = ""
    carer: bool = False
    # Parental responsibility: by default a mother's from birth and a father's named at birth.
    pr: str = ""
    pr_how: str = ""
    safety: str = ""
    cares_for: list[str] = field(default_factory=list)  # first names: a young carer's


PR = Person.ParentalResponsibility
DEFAULT_PR = {R.MOTHER: PR.BIRTH_MOTHER, R.FATHER: PR.FATHER_NAMED_AT_BIRTH}


@dataclass
class DemoDecision:
    outcome: str
    after_days: int
    decided_by: str
    risks: str
    strengths: str
    rationale: str
    made_by: str = Decision.MadeBy.PANEL
    attendees: str = ""
    # Recorded by the key worker and not yet confirmed by the manager named.
    pending: bool = False


@dataclass
class DemoCase:
    team: str
    status: str
    referred_days_ago: int
    source: str
    referrer: str
    concerns: str
    lead: str | None = None
    decision: DemoDecision | None = None
    # The first lead professional, then (username, reason, days after the first allocation)
    # for each re-allocation: the last one named holds the case now.
    reallocations: list[tuple[str, str, int]] = field(default_factory=list)
    closed_after_days: int | None = None
    accommodation_asked: bool = False
    urgency: str = Case.Urgency.ROUTINE
    focus: list[str] | None = None  # first names; default: every focus member


@dataclass
class DemoFamily:
    name: str
    address: tuple[str, str]
    members: list[Member]
    cases: list[DemoCase]
    language: str = "English"
    interpreter: str = ""
    communication: str = ""
    culture: str = ""


FAIRWEATHER_ORDER = "Special guardianship order, Fernbridge Family Court, seven years ago."
MERCER_ORDER = "Child arrangements order (lives with), Fernbridge Family Court, two years ago."
PANEL_CHAIR = "Rosalind Achebe, head of service (chair, edge-of-care panel)"
PANEL = "Social worker, key worker, team manager, school safeguarding lead"

FAMILIES = [
    DemoFamily(
        "Ashworth",
        ("12 Kestrel Close", "FB3 2QT"),
        [
            Member("Kerry", "Ashworth", 41, F, R.MOTHER, phone="07700 900101"),
            Member("Lee", "Dunmore", 44, M, R.STEP_FATHER, notes="Works nights at the depot."),
            Member("Kayden", "Ashworth", 14, M, R.YOUNG_PERSON, focus=True, plan=CIN),
            Member("Maisie", "Ashworth", 9, F, R.HALF_SIBLING),
        ],
        [
            DemoCase(
                "north",
                Case.Status.ACTIVE,
                95,
                Case.ReferralSource.SCHOOL,
                "Mr D. Pryce, head of year 9, Fernbridge Academy",
                "Kayden has been excluded twice this term for fighting. At home he and his "
                "step-father argue most evenings; last week Kerry called the police when Kayden "
                "threw a chair. Kerry says she cannot cope and wants him to go somewhere else.",
                lead="ben.kw",
                accommodation_asked=True,
                urgency=Case.Urgency.URGENT,
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    6,
                    PANEL_CHAIR,
                    "Physical fights between Kayden and Lee; Kerry is exhausted and has asked for "
                    "him to be accommodated; two exclusions this term.",
                    "Kayden is close to his sister and his mum; Lee is willing to take part; "
                    "Kayden still goes to football training every week.",
                    "A placement would break Kayden's bond with Maisie and his mum and move him "
                    "away from football, the one thing keeping him steady. The violence is "
                    "between two people who both say they want it to stop, so intensive work "
                    "on evenings at home is the better bet, with a review after six weeks.",
                    attendees=PANEL,
                ),
                reallocations=[
                    ("amara.kw", "Ben's caseload rebalanced after two crisis referrals", 20)
                ],
            )
        ],
        culture="White British. The family support Fernbridge Town FC; Lee coaches under-9s.",
    ),
    DemoFamily(
        "Okonkwo-Hale",
        ("Flat 3, 88 Mercer Street", "FB1 4LN"),
        [
            Member("Adaeze", "Okonkwo", 38, F, R.MOTHER, phone="07700 900102"),
            Member("Marcus", "Hale", 40, M, R.FATHER, lives=False, notes="Sees Tobi on Sundays."),
            Member("Tobiloba", "Okonkwo-Hale", 15, M, R.YOUNG_PERSON, focus=True, preferred="Tobi"),
        ],
        [
            DemoCase(
                "north",
                Case.Status.ASSESSMENT,
                12,
                Case.ReferralSource.SOCIAL_CARE,
                "Priya Lal, social worker, Fernbridge assessment team",
                "Tobi has been staying out until the early hours and was found with older boys "
                "who are known to the police. Adaeze has asked social care to take him into care "
                "'before something happens to him'.",
                lead="amara.kw",
                accommodation_asked=True,
                urgency=Case.Urgency.URGENT,
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    3,
                    "Hana Kowalski, team manager",
                    "Possible criminal exploitation; late nights; Tobi refuses to say where he "
                    "goes.",
                    "Tobi's dad wants to be more involved; Tobi is doing well in science and "
                    "wants to stay at his school; mum's church community offers practical help.",
                    "Moving Tobi now would take him away from the adults most able to protect "
                    "him, and exploitation often grows when a young person is isolated. We will "
                    "work with both parents together and agree a safety plan with the police "
                    "within the week.",
                    made_by=Decision.MadeBy.MANAGER,
                ),
            )
        ],
        culture="Nigerian (Igbo) and Black British heritage. Adaeze is active in a Pentecostal "
        "church; Sunday mornings are not good for visits.",
    ),
    DemoFamily(
        "Wiśniewski",
        ("41 Alder Road", "FB2 7HD"),
        [
            Member("Agnieszka", "Wiśniewska", 36, F, R.MOTHER),
            Member("Paweł", "Wiśniewski", 39, M, R.FATHER, phone="07700 900103"),
            Member("Kacper", "Wiśniewski", 13, M, R.YOUNG_PERSON, focus=True),
            Member("Zofia", "Wiśniewska", 6, F, R.SIBLING),
        ],
        [
            DemoCase(
                "north",
                Case.Status.ACTIVE,
                60,
                Case.ReferralSource.POLICE,
                "PC J. Oduya, Fernbridge neighbourhood policing team",
                "Kacper has gone missing three times in a month, once overnight. Police found "
                "him in the town centre. His parents work shifts and say they do not know how to "
                "keep him in.",
                lead="amara.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    8,
                    PANEL_CHAIR,
                    "Repeated missing episodes, one overnight; shifts leave gaps in supervision.",
                    "Both parents are warm and worried; Kacper says he likes home and goes "
                    "missing to see friends; his grandmother nearby can cover evenings.",
                    "The missing episodes are about friendships and unsupervised evenings rather "
                    "than harm at home. A rota with his grandmother, a clear agreement about "
                    "evenings and weekly sessions with Kacper should bring this down quickly.",
                    attendees=PANEL + ", Polish interpreter",
                ),
            )
        ],
        language="Polish",
        interpreter="Polish",
        communication="Agnieszka prefers to speak Polish through an interpreter for meetings; "
        "Paweł is confident in English on the phone. Letters in Polish where possible.",
        culture="Polish Catholic family; moved to Fernbridge nine years ago.",
    ),
    DemoFamily(
        "Threlfall",
        ("7 Gorse Lane", "FB4 1AA"),
        [
            Member("Gary", "Threlfall", 47, M, R.FATHER, phone="07700 900104"),
            Member("Callum", "Threlfall", 16, M, R.YOUNG_PERSON, focus=True, plan=CP),
            Member("June", "Threlfall", 71, F, R.GRANDPARENT, lives=False),
        ],
        [
            DemoCase(
                "north",
                Case.Status.CLOSING,
                240,
                Case.ReferralSource.YOUTH_JUSTICE,
                "Sol Bianchi, youth justice officer",
                "Callum has a referral order for criminal damage. Since his mum died last year "
                "Gary has been drinking heavily and the house is in a poor state. Callum is on a "
                "child protection plan for neglect.",
                lead="amara.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    10,
                    PANEL_CHAIR,
                    "Neglect; Gary's drinking; Callum's offending; grief not talked about.",
                    "Gary wants help and has agreed to see the alcohol service; Callum is "
                    "fiercely loyal to his dad; June visits daily.",
                    "Callum has already lost his mum. Taking him from his dad now would add a "
                    "second loss, and both of them are asking for help. With the alcohol service "
                    "and June's daily visits the home can be made safe enough while the grief "
                    "work starts.",
                    attendees=PANEL + ", youth justice officer",
                ),
            )
        ],
        communication="Gary has dyslexia: read letters through with him.",
    ),
    DemoFamily(
        "Begum",
        ("22 Canal Terrace", "FB1 9RS"),
        [
            Member("Shahana", "Begum", 39, F, R.MOTHER, phone="07700 900105"),
            Member("Rokeya", "Khatun", 68, F, R.GRANDPARENT),
            Member("Amina", "Begum", 15, F, R.YOUNG_PERSON, focus=True),
            Member("Rahim", "Begum", 12, M, R.YOUNG_PERSON, focus=True),
        ],
        [
            DemoCase(
                "north",
                Case.Status.REFERRED,
                8,
                Case.ReferralSource.HEALTH,
                "Dr E. Farrow, GP, Canalside Surgery",
                "Shahana has told her GP she feels she is losing control of both children since "
                "her husband left. Amina is self-harming and Rahim is refusing school.",
                lead="amara.kw",
            )
        ],
        language="Bengali (Sylheti)",
        interpreter="Sylheti",
        communication="Rokeya speaks Sylheti only. Shahana speaks English but prefers Sylheti "
        "when upset.",
        culture="British Bangladeshi Muslim family. Visits avoid Friday lunchtimes.",
    ),
    DemoFamily(
        "Pennington",
        ("5 Birch View", "FB3 6PX"),
        [
            Member("Leanne", "Pennington", 33, F, R.MOTHER, phone="07700 900106"),
            Member("Craig", "Fowler", 35, M, R.MALE_CARER, notes="Leanne's partner of two years."),
            Member("Tyler", "Pennington", 13, M, R.YOUNG_PERSON, focus=True, plan=CIN),
            Member("Alfie", "Fowler", 3, M, R.HALF_SIBLING),
        ],
        [
            DemoCase(
                "north",
                Case.Status.CLOSED,
                620,
                Case.ReferralSource.SCHOOL,
                "Mrs K. Oyelaran, pastoral lead, Birchfield Primary",
                "Tyler's attendance has fallen to 60% and he is angry in class. Leanne says he "
                "will not accept her new partner.",
                lead="ben.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    7,
                    PANEL_CHAIR,
                    "Falling attendance; conflict with his mum's new partner.",
                    "Leanne sets clear routines; Craig is patient and wants to build trust.",
                    "The conflict is about a new family shape rather than danger. Time-limited "
                    "work on routines and on Tyler's relationship with Craig should be enough.",
                    attendees=PANEL,
                ),
                closed_after_days=150,
            ),
            DemoCase(
                "north",
                Case.Status.ACTIVE,
                130,
                Case.ReferralSource.FAMILY,
                "Leanne Pennington (mum)",
                "Leanne rang the service herself: since starting secondary school Tyler has been "
                "coming home drunk and hit Craig during an argument. Alfie was in the room.",
                lead="ben.kw",
                urgency=Case.Urgency.URGENT,
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    5,
                    "Hana Kowalski, team manager",
                    "Alcohol use at 13; violence towards Craig witnessed by a toddler.",
                    "Leanne asked for help early; what worked last time (routines, time with "
                    "Craig) can be rebuilt; Tyler wants to go back to boxing club.",
                    "The family used our last support well and came back quickly when things "
                    "slipped, which is a strength. The violence needs a firm safety plan for "
                    "Alfie, but it is recent and linked to drinking we can work on directly.",
                    made_by=Decision.MadeBy.MANAGER,
                ),
            ),
        ],
    ),
    DemoFamily(
        "Fairweather",
        ("Rose Cottage, Mill Lane", "FB5 3EW"),
        [
            Member(
                "Patricia",
                "Fairweather",
                63,
                F,
                R.GRANDPARENT,
                preferred="Pat",
                carer=True,
                pr=PR.SPECIAL_GUARDIANSHIP,
                pr_how=FAIRWEATHER_ORDER,
            ),
            Member(
                "Ronald",
                "Fairweather",
                66,
                M,
                R.GRANDPARENT,
                preferred="Ron",
                carer=True,
                pr=PR.SPECIAL_GUARDIANSHIP,
                pr_how=FAIRWEATHER_ORDER,
            ),
            Member(
                "Ellie-Mae",
                "Fairweather",
                15,
                F,
                R.YOUNG_PERSON,
                focus=True,
                plan=CP,
                preferred="Ellie",
            ),
        ],
        [
            DemoCase(
                "north",
                Case.Status.ACTIVE,
                45,
                Case.ReferralSource.SOCIAL_CARE,
                "Tom Aldous, social worker, child protection team",
                "Ellie has lived with her grandparents under a special guardianship order since "
                "she was eight. She has started meeting a 22-year-old man she met online. Pat "
                "and Ron feel too old to manage and have asked for her to be placed.",
                lead="chloe.kw",
                accommodation_asked=True,
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    9,
                    PANEL_CHAIR,
                    "Risk of sexual exploitation by an adult; grandparents' health and stamina.",
                    "Seven years of stable care; Ellie loves her grandparents; she is engaging "
                    "with the school counsellor.",
                    "The risk comes from outside the home, and a placement would not make "
                    "Ellie safer from it; it could push her towards him. Support for Pat and "
                    "Ron, disruption work with the police and sessions for Ellie come first.",
                    attendees=PANEL + ", police exploitation lead",
                ),
            )
        ],
    ),
    DemoFamily(
        "Carrow",
        ("14 Quarry Rise", "FB4 8JB"),
        [
            Member("Donna", "Carrow", 45, F, R.MOTHER, phone="07700 900108"),
            Member("Jordan", "Carrow", 17, M, R.YOUNG_PERSON, focus=True),
            Member("Shannon", "Carrow", 19, F, R.SIBLING),
        ],
        [
            DemoCase(
                "north",
                Case.Status.REFERRED,
                9,
                Case.ReferralSource.SOCIAL_CARE,
                "Priya Lal, social worker, Fernbridge assessment team",
                "Donna has told Jordan to leave after he took money from her purse to pay a "
                "debt. He is sofa-surfing with friends and says he will not go home.",
                urgency=Case.Urgency.URGENT,
            )
        ],
    ),
    DemoFamily(
        "Haddad",
        ("9 Orchard Way", "FB2 5TN"),
        [
            Member("Samir", "Haddad", 44, M, R.FATHER),
            Member("Rania", "Haddad", 40, F, R.MOTHER, phone="07700 900109"),
            Member("Yusuf", "Haddad", 14, M, R.YOUNG_PERSON, focus=True),
            Member("Lina", "Haddad", 11, F, R.SIBLING),
        ],
        [
            DemoCase(
                "north",
                Case.Status.CLOSED,
                300,
                Case.ReferralSource.SCHOOL,
                "Ms A. Whitlock, SENCo, Fernbridge Academy",
                "Yusuf shouted at his father in the school car park and said he would rather be "
                "in care. School are worried about strict rules at home.",
                lead="chloe.kw",
                decision=DemoDecision(
                    Decision.Outcome.NO_FURTHER_ACTION,
                    9,
                    PANEL_CHAIR,
                    "A public argument; Yusuf's comment about care; rules the school sees as "
                    "strict.",
                    "Both parents came to school the same day; Yusuf says he feels safe and "
                    "was angry about his phone being taken; attendance is 97%.",
                    "After meeting the family with an interpreter, we found loving parents and a "
                    "boy who is safe and angry about ordinary limits. Intensive support would be "
                    "out of proportion; the school's mentor will keep in touch with the family.",
                    attendees=PANEL + ", Arabic interpreter",
                ),
            )
        ],
        language="Arabic",
        interpreter="Arabic (Levantine)",
        culture="Syrian family who arrived in 2017; Muslim. The children speak English at school.",
    ),
    DemoFamily(
        "Marsden",
        ("63 Station Road", "FB6 2CK"),
        [
            Member("Julie", "Marsden", 42, F, R.MOTHER, phone="07700 900110"),
            Member("Darren", "Pike", 45, M, R.STEP_FATHER),
            Member("Liam", "Marsden", 15, M, R.YOUNG_PERSON, focus=True, plan=CIN),
        ],
        [
            DemoCase(
                "south",
                Case.Status.ACTIVE,
                70,
                Case.ReferralSource.POLICE,
                "PS H. Langford, South Fernbridge response team",
                "Police were called three times in a fortnight to arguments between Liam and "
                "Darren. Liam has a cannabis habit and has been stealing from the house.",
                lead="dev.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    7,
                    PANEL_CHAIR,
                    "Repeated police call-outs; cannabis use; thefts in the home.",
                    "Darren has stayed calm during call-outs; Julie keeps in close touch with "
                    "school; Liam wants to do a mechanics course at college.",
                    "Nobody has been hurt and everyone wants Liam at home if the stealing stops. "
                    "Pairing our evening work with the young people's drugs service gives the "
                    "best chance of keeping him on track for college.",
                    attendees=PANEL,
                ),
            )
        ],
    ),
    DemoFamily(
        "Adeyemi",
        ("2 Juniper Court", "FB6 4GH"),
        [
            Member("Babatunde", "Adeyemi", 50, M, R.FATHER, preferred="Tunde"),
            Member("Grace", "Adeyemi", 14, F, R.YOUNG_PERSON, focus=True),
            Member("Daniel", "Adeyemi", 17, M, R.SIBLING),
        ],
        [
            DemoCase(
                "south",
                Case.Status.ASSESSMENT,
                20,
                Case.ReferralSource.SCHOOL,
                "Mr P. Sandhu, head of year 10, Southfield School",
                "Grace has stopped eating at school and told a teacher that home is 'unbearable' "
                "since her mum moved out. Tunde works long hours and says she will not talk "
                "to him.",
                lead="ellie.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    4,
                    "Ian Brook, team manager",
                    "Possible eating difficulties; Grace's low mood; long hours alone.",
                    "Tunde is devoted and asked for help himself; Daniel is protective of Grace.",
                    "Grace's distress is about losing daily contact with her mum, not about "
                    "harm from her dad. We will start the assessment this week and ask the GP "
                    "about her eating at the same time.",
                    made_by=Decision.MadeBy.MANAGER,
                ),
            )
        ],
        culture="Yoruba heritage; the family attend a Methodist church.",
    ),
    DemoFamily(
        "Popescu",
        ("Flat 12, Tannery House", "FB6 1ZP"),
        [
            Member("Elena", "Popescu", 37, F, R.MOTHER),
            Member("Mihai", "Popescu", 41, M, R.FATHER),
            Member("Andrei", "Popescu", 13, M, R.YOUNG_PERSON, focus=True),
        ],
        [
            DemoCase(
                "south",
                Case.Status.ACTIVE,
                150,
                Case.ReferralSource.YOUTH_JUSTICE,
                "Sol Bianchi, youth justice officer",
                "Andrei was arrested with older boys for shoplifting. His parents are frightened "
                "and have been locking him in his room in the evenings.",
                lead="dev.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    6,
                    PANEL_CHAIR,
                    "Possible exploitation; parents locking Andrei in his room.",
                    "Parents are open to advice once it is explained in Romanian; Andrei is "
                    "doing well in maths; the family are close.",
                    "The locking comes from fear, not cruelty, and the parents stopped as soon "
                    "as we explained the danger. With an interpreter at each visit we can teach "
                    "safer ways to keep him in and away from the older boys.",
                    attendees=PANEL + ", Romanian interpreter",
                ),
                reallocations=[("ellie.kw", "Dev moved to the duty rota for three months", 60)],
            )
        ],
        language="Romanian",
        interpreter="Romanian",
        communication="Both parents need a Romanian interpreter for every visit and letter.",
    ),
    DemoFamily(
        "Thornbury",
        ("30 Hawthorn Crescent", "FB6 8QL"),
        [
            Member("Sarah", "Thornbury", 35, F, R.MOTHER),
            Member("Jason", "Reed", 38, M, R.FATHER, lives=False),
            Member("Mia", "Thornbury", 12, F, R.YOUNG_PERSON, focus=True, plan=CP),
        ],
        [
            DemoCase(
                "south",
                Case.Status.CLOSED,
                410,
                Case.ReferralSource.SOCIAL_CARE,
                "Tom Aldous, social worker, child protection team",
                "Mia disclosed that her mum's new partner hit her. Sarah has let him move back "
                "in despite a safety agreement.",
                lead="dev.kw",
                urgency=Case.Urgency.CRISIS,
                decision=DemoDecision(
                    Decision.Outcome.ACCOMMODATE,
                    2,
                    PANEL_CHAIR,
                    "Physical harm to Mia by an adult now living in the home; safety agreement "
                    "broken within a week.",
                    "Mia has a good relationship with her father Jason, who has offered to "
                    "have her stay while checks are done.",
                    "Mia cannot be kept safe at home while the man who hurt her lives there, and "
                    "Sarah has not been able to keep him away. Mia will be accommodated with her "
                    "father as a kinship placement while the assessment continues.",
                    attendees=PANEL + ", Jason Reed (father)",
                ),
            )
        ],
    ),
    DemoFamily(
        "Gallagher",
        ("Plot 4, Riverside site", "FB7 2RR"),
        [
            Member("Bridget", "Gallagher", 40, F, R.MOTHER, phone="07700 900114"),
            Member("Patrick", "Gallagher", 43, M, R.FATHER),
            Member("Mary", "Gallagher", 16, F, R.SIBLING),
            Member("Johnny", "Gallagher", 14, M, R.YOUNG_PERSON, focus=True),
            Member("Tommy", "Gallagher", 10, M, R.SIBLING),
        ],
        [
            DemoCase(
                "south",
                Case.Status.CLOSING,
                210,
                Case.ReferralSource.SCHOOL,
                "Mrs L. Oakes, attendance officer",
                "Johnny has not attended school since the Easter holidays and was seen fighting "
                "in the town centre. The family feel the school has not made them welcome.",
                lead="ellie.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    8,
                    PANEL_CHAIR,
                    "No school for a term; fighting; mistrust between family and school.",
                    "Large, close family; Patrick wants Johnny to learn a trade; Mary is a "
                    "good role model and is at college.",
                    "There is no sign of harm at home. The gap is between the family and the "
                    "school, and a worker who can build trust on both sides is what is needed.",
                    attendees=PANEL + ", Traveller education service",
                ),
            )
        ],
        communication="Bridget prefers phone calls to letters and asks for letters to be read to "
        "her.",
        culture="Irish Traveller family; proud of their heritage and wary of services after bad "
        "experiences.",
    ),
    DemoFamily(
        "Lindqvist",
        ("18 Sandpiper Drive", "FB7 5NE"),
        [
            Member("Freya", "Lindqvist", 44, F, R.MOTHER, phone="07700 900115"),
            Member("Nicola", "Reyes", 46, F, R.FEMALE_CARER),
            Member("Sam", "Lindqvist", 15, NB, R.YOUNG_PERSON, focus=True),
        ],
        [
            DemoCase(
                "south",
                Case.Status.REFERRED,
                11,
                Case.ReferralSource.HEALTH,
                "Nurse J. Mbatha, school nursing team",
                "Sam has been bullied online and has stopped leaving their room. Freya and Nicola "
                "had a row with Sam that ended with Sam running off at midnight.",
                lead="ellie.kw",
            )
        ],
        culture="Sam uses they/them pronouns. Freya's family is Swedish.",
    ),
    DemoFamily(
        "Rahman",
        ("55 Kingfisher Road", "FB1 3DD"),
        [
            Member("Nasima", "Rahman", 41, F, R.MOTHER),
            Member("Abdul", "Rahman", 46, M, R.FATHER, phone="07700 900116"),
            Member("Imran", "Rahman", 15, M, R.YOUNG_PERSON, focus=True, plan=CIN),
        ],
        [
            DemoCase(
                "mst",
                Case.Status.ACTIVE,
                80,
                Case.ReferralSource.YOUTH_JUSTICE,
                "Sol Bianchi, youth justice officer",
                "Imran has three offences in six months (robbery, carrying a knife). His parents "
                "are ashamed and have stopped setting any rules.",
                lead="farid.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    7,
                    PANEL_CHAIR,
                    "Knife carrying; escalating offending; parents have stepped back.",
                    "Both parents attend every meeting; Imran's uncle runs a business and "
                    "offered him weekend work.",
                    "MST is designed for exactly this: offending driven by peers and weak "
                    "parental monitoring, with parents willing to lead. A placement would "
                    "likely bring him closer to the same peers.",
                    attendees=PANEL + ", MST supervisor",
                ),
            )
        ],
        language="Bengali",
        culture="British Bangladeshi Muslim family.",
    ),
    DemoFamily(
        "Doyle",
        ("3 Weaver's Yard", "FB2 9FF"),
        [
            Member("Claire", "Doyle", 36, F, R.MOTHER, phone="07700 900117"),
            Member("Shane", "Kelly", 39, M, R.STEP_FATHER),
            Member("Connor", "Doyle", 14, M, R.YOUNG_PERSON, focus=True, plan=CIN),
        ],
        [
            DemoCase(
                "mst",
                Case.Status.CLOSED,
                190,
                Case.ReferralSource.SOCIAL_CARE,
                "Priya Lal, social worker, Fernbridge assessment team",
                "Connor has been violent towards Claire, leaving bruises. Shane works away and "
                "Claire says she is scared of her own son.",
                lead="farid.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    5,
                    PANEL_CHAIR,
                    "Child-to-parent violence with injuries.",
                    "Claire has not given up on Connor; Shane can change his shifts; Connor "
                    "shows remorse after incidents.",
                    "Child-to-parent violence responds well to MST when the parents can be "
                    "coached together. The injuries are serious but the safety plan, Shane "
                    "home in the evenings and daily contact make home the safer option.",
                    attendees=PANEL + ", MST supervisor",
                ),
                closed_after_days=160,
            ),
            DemoCase(
                "mst",
                Case.Status.REFERRED,
                9,
                Case.ReferralSource.FAMILY,
                "Claire Doyle (mum)",
                "Claire rang to say the old pattern is starting again since Connor changed "
                "schools: two incidents of pushing in the past fortnight.",
                lead="farid.kw",
                urgency=Case.Urgency.URGENT,
            ),
        ],
    ),
    DemoFamily(
        "Asante",
        ("27 Larch Avenue", "FB5 6UY"),
        [
            Member("Abena", "Asante", 34, F, R.MOTHER, phone="07700 900118"),
            Member("Akosua", "Asante", 64, F, R.GRANDPARENT),
            Member("Kwame", "Asante", 16, M, R.YOUNG_PERSON, focus=True),
        ],
        [
            DemoCase(
                "mst",
                Case.Status.ASSESSMENT,
                25,
                Case.ReferralSource.POLICE,
                "PC J. Oduya, Fernbridge neighbourhood policing team",
                "Kwame was stopped carrying cannabis to sell and has been missing from home for "
                "two nights. Abena works two jobs and says Kwame only listens to his grandmother.",
                lead="farid.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    6,
                    "Jo Pemberton, MST supervisor",
                    "Drug dealing; missing from home; possible exploitation.",
                    "Kwame respects his grandmother; he is predicted good grades in art.",
                    "Akosua's authority with Kwame is a real protective factor that a placement "
                    "would lose. We will build the plan around her and Abena together, with a "
                    "Twi interpreter so that Akosua can take a full part.",
                    made_by=Decision.MadeBy.MANAGER,
                ),
            )
        ],
        language="English",
        interpreter="Twi",
        communication="Akosua speaks Twi; use an interpreter so she can take a full part.",
        culture="Ghanaian (Ashanti) heritage.",
    ),
    DemoFamily(
        "Yilmaz",
        ("10 Poplar Street", "FB3 4BM"),
        [
            Member("Emre", "Yilmaz", 45, M, R.FATHER),
            Member("Ayşe", "Yilmaz", 42, F, R.MOTHER, phone="07700 900119"),
            Member("Elif", "Yilmaz", 17, F, R.SIBLING),
            Member("Deniz", "Yilmaz", 13, M, R.YOUNG_PERSON, focus=True),
        ],
        [
            DemoCase(
                "fgc",
                Case.Status.ACTIVE,
                40,
                Case.ReferralSource.SOCIAL_CARE,
                "Tom Aldous, social worker, child protection team",
                "Deniz has been hitting his sister and breaking things. Emre wants him sent to "
                "relatives in Turkey. The wider family disagree and want to help here.",
                lead="gwen.kw",
                accommodation_asked=True,
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    5,
                    PANEL_CHAIR,
                    "Violence towards Elif; a father who wants Deniz to leave the country.",
                    "A large extended family in Fernbridge offering practical help; Ayşe and "
                    "Elif both want Deniz to stay.",
                    "A family group conference can bring the wider family's offers of help "
                    "into one plan that Emre can agree to. That is a better route than a "
                    "placement or a move abroad that Deniz does not want.",
                    attendees=PANEL + ", Turkish interpreter",
                ),
            )
        ],
        language="Turkish",
        interpreter="Turkish",
        communication="Emre needs a Turkish interpreter; Ayşe and the children speak English.",
        culture="Turkish Muslim family with a large extended family nearby.",
    ),
    DemoFamily(
        "Brennan",
        ("46 Dovecote Road", "FB4 3KT"),
        [
            Member("Kelly", "Brennan", 31, F, R.MOTHER, phone="07700 900120"),
            Member("Riley", "Brennan", 12, M, R.YOUNG_PERSON, focus=True, plan=CP),
            Member("Maureen", "Brennan", 70, F, R.GRANDPARENT, lives=False),
            Member("Sean", "Brennan", 28, M, R.AUNT_UNCLE, lives=False),
        ],
        [
            DemoCase(
                "fgc",
                Case.Status.CLOSED,
                520,
                Case.ReferralSource.SCHOOL,
                "Mrs K. Oyelaran, pastoral lead, Birchfield Primary",
                "Riley arrives at school hungry and in dirty clothes. Kelly has missed meetings.",
                lead="gwen.kw",
                decision=DemoDecision(
                    Decision.Outcome.STEP_DOWN,
                    10,
                    PANEL_CHAIR,
                    "Signs of neglect; Kelly missing meetings.",
                    "Kelly engaged once we visited at home; Maureen and Sean offered help "
                    "straight away.",
                    "The concerns are real but lower than the referral suggested, and the "
                    "wider family are already stepping in. Early help with a family plan is "
                    "in proportion; intensive support is not needed now.",
                    attendees=PANEL,
                ),
            ),
            DemoCase(
                "fgc",
                Case.Status.ACTIVE,
                90,
                Case.ReferralSource.SOCIAL_CARE,
                "Tom Aldous, social worker, child protection team",
                "Riley is now on a child protection plan after Kelly was found unconscious at "
                "home with Riley alone. Maureen has been caring for him at weekends.",
                lead="gwen.kw",
                urgency=Case.Urgency.URGENT,
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    4,
                    PANEL_CHAIR,
                    "Kelly's drug use; Riley left alone; an earlier step-down that did not hold.",
                    "Maureen and Sean are committed; Kelly has started treatment; Riley is "
                    "happy at school.",
                    "The wider family can provide round-the-clock cover while Kelly is in "
                    "treatment, which a family group conference can make into a firm plan. "
                    "We will review in four weeks, with accommodation with Maureen as the "
                    "fallback.",
                    attendees=PANEL + ", drug and alcohol service",
                ),
            ),
        ],
    ),
    DemoFamily(
        "Hussain",
        ("8 Linden Gardens", "FB2 2WA"),
        [
            Member("Saima", "Hussain", 38, F, R.MOTHER, phone="07700 900121"),
            Member("Tariq", "Hussain", 42, M, R.FATHER, lives=False, notes="Weekend contact."),
            Member("Zain", "Hussain", 14, M, R.YOUNG_PERSON, focus=True),
        ],
        [
            DemoCase(
                "north",
                Case.Status.ASSESSMENT,
                15,
                Case.ReferralSource.SCHOOL,
                "Mr D. Pryce, head of year 9, Fernbridge Academy",
                "Zain refuses to come back from his dad's at weekends and has told school his "
                "mum 'does not want him'. Saima is distressed and says she cannot manage him.",
                lead="ben.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    5,
                    "Hana Kowalski, team manager",
                    "Conflict between separated parents drawing Zain in; Zain's low mood.",
                    "Both parents love Zain and live nearby; he is doing well academically.",
                    "Zain is caught between his parents rather than unsafe with either. Work "
                    "with both homes on a shared plan is the right response.",
                    made_by=Decision.MadeBy.MANAGER,
                ),
            )
        ],
        language="Urdu",
        culture="British Pakistani Muslim family.",
    ),
    DemoFamily(
        "Price",
        ("19 Meadow Bank", "FB7 7HJ"),
        [
            Member("Gemma", "Price", 29, F, R.MOTHER, phone="07700 900122"),
            Member("Ryan", "Hodge", 31, M, R.MALE_CARER, notes="Gemma's partner; lives with them."),
            Member("Kyle", "Price", 11, M, R.YOUNG_PERSON, focus=True),
            Member("Lily", "Hodge", 7, F, R.HALF_SIBLING),
        ],
        [
            DemoCase(
                "south",
                Case.Status.ACTIVE,
                35,
                Case.ReferralSource.HEALTH,
                "Dr S. Okafor, community paediatrician",
                "Kyle has ADHD and has hurt his little sister twice in tantrums. Gemma and Ryan "
                "are worn out and have asked about respite care.",
                lead="ellie.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    6,
                    PANEL_CHAIR,
                    "Lily hurt twice; parents exhausted.",
                    "Ryan is a steady presence; the paediatrician is reviewing Kyle's "
                    "medication; Kyle loves his sister.",
                    "The parents are tired, not unwilling. Practical help with evening "
                    "routines and a short-break offer will do more for Kyle and Lily than "
                    "time away from home.",
                    attendees=PANEL,
                ),
                reallocations=[("dev.kw", "Ellie asked for a change after Kyle's request", 21)],
            )
        ],
    ),
    DemoFamily(
        "Kovalenko",
        ("Flat 6, 2 Wharf Street", "FB1 6YC"),
        [
            Member("Olena", "Kovalenko", 43, F, R.MOTHER),
            Member("Dmytro", "Kovalenko", 15, M, R.YOUNG_PERSON, focus=True),
            Member("Sofiia", "Kovalenko", 10, F, R.SIBLING),
        ],
        [
            DemoCase(
                "north",
                Case.Status.CLOSED,
                400,
                Case.ReferralSource.SCHOOL,
                "Ms A. Whitlock, SENCo, Fernbridge Academy",
                "Dmytro has been in fights at school and shouts at his mum at home. The family "
                "arrived from Ukraine eighteen months ago.",
                lead="chloe.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    7,
                    PANEL_CHAIR,
                    "Aggression at home and school; trauma from leaving Ukraine.",
                    "Olena is determined; Sofiia is settled; a Ukrainian community group has "
                    "offered mentoring.",
                    "Dmytro's anger makes sense after what the family has lived through, and "
                    "it is recent. Trauma-informed work at home, with the community group's "
                    "mentor, should help more than any move.",
                    attendees=PANEL + ", Ukrainian interpreter",
                ),
                closed_after_days=170,
            )
        ],
        language="Ukrainian",
        interpreter="Ukrainian",
        culture="Ukrainian family; the father remains in Ukraine.",
    ),
    DemoFamily(
        "Tembo",
        ("71 Foundry Lane", "FB3 9SX"),
        [
            Member("Chipo", "Tembo", 39, F, R.MOTHER, phone="07700 900124"),
            Member(
                "Tendai", "Tembo", 16, F, R.YOUNG_PERSON, focus=True, plan=CIN, cares_for=["Chipo"]
            ),
            Member("Tapiwa", "Tembo", 13, M, R.YOUNG_PERSON, focus=True),
        ],
        [
            DemoCase(
                "north",
                Case.Status.ACTIVE,
                55,
                Case.ReferralSource.SOCIAL_CARE,
                "Priya Lal, social worker, Fernbridge assessment team",
                "Chipo was admitted to hospital for her mental health for three weeks; the "
                "children stayed with a neighbour. Since she came home Tendai is caring for "
                "everyone and Tapiwa has been excluded.",
                lead="chloe.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    7,
                    PANEL_CHAIR,
                    "Chipo's mental health; Tendai as a young carer; Tapiwa's exclusion.",
                    "Chipo is taking her medication and has a community nurse; the children "
                    "are very close to her.",
                    "The family has come through a crisis and is recovering. Support for "
                    "Tendai as a young carer and for Tapiwa at school, alongside Chipo's "
                    "health team, gives them the best chance to stay together.",
                    attendees=PANEL + ", community mental health nurse",
                ),
            )
        ],
        culture="Zimbabwean (Shona) heritage.",
    ),
    DemoFamily(
        "Whitcombe",
        ("Lower Farm Cottage, Brook Lane", "FB5 1PP"),
        [
            Member("Andrew", "Whitcombe", 52, M, R.FATHER, phone="07700 900125"),
            Member("Helen", "Whitcombe", 49, F, R.STEP_MOTHER),
            Member("Oliver", "Whitcombe", 17, M, R.YOUNG_PERSON, focus=True),
        ],
        [
            DemoCase(
                "south",
                Case.Status.ASSESSMENT,
                18,
                Case.ReferralSource.POLICE,
                "PS H. Langford, South Fernbridge response team",
                "Oliver was arrested after damaging his step-mother's car. He says he hates "
                "living there and wants a flat of his own; Andrew says he has run out of ideas.",
                lead="dev.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    5,
                    "Ian Brook, team manager",
                    "Damage to property; Oliver's wish to leave at 17 with nowhere to go.",
                    "Andrew and Helen want to keep the door open; Oliver holds down a "
                    "part-time job.",
                    "At 17 Oliver needs a plan for moving on safely, not a placement. Working "
                    "with the family towards a planned move, with housing advice, keeps him "
                    "connected to them while he gets there.",
                    made_by=Decision.MadeBy.MANAGER,
                    pending=True,
                ),
            )
        ],
    ),
    # Kinship care: a young carer living with her grandparents under a child arrangements order;
    # her mother lives elsewhere, and the mother's partner has a safety note.
    DemoFamily(
        "Mercer",
        ("5 Larch Grove", "FB2 6LN"),
        [
            Member(
                "Brenda",
                "Mercer",
                64,
                F,
                R.GRANDPARENT,
                phone="07700 900131",
                carer=True,
                pr=PR.ORDER,
                pr_how=MERCER_ORDER,
            ),
            Member(
                "Keith",
                "Mercer",
                67,
                M,
                R.GRANDPARENT,
                carer=True,
                pr=PR.ORDER,
                pr_how=MERCER_ORDER,
                notes="Has COPD and uses oxygen at night.",
            ),
            Member(
                "Kayla",
                "Mercer",
                15,
                F,
                R.YOUNG_PERSON,
                focus=True,
                plan=CP,
                cares_for=["Keith"],
            ),
            Member("Nicola", "Mercer", 38, F, R.MOTHER, lives=False, phone="07700 900132"),
            Member(
                "Craig",
                "Vesey",
                41,
                M,
                R.PARENTS_PARTNER,
                lives=False,
                safety="Does not live here. Risk to Nicola (domestic abuse). Do not share the "
                "grandparents' address or any document with him.",
            ),
        ],
        [
            DemoCase(
                "south",
                Case.Status.CLOSED,
                300,
                Case.ReferralSource.SCHOOL,
                "Mrs A. Whitlow, designated safeguarding lead, Larchfield High",
                "Kayla is missing school to look after her grandad, who is unwell, and was found "
                "at her mum's flat after a row at home. Her grandparents say they are worn out "
                "and do not know how long they can keep going.",
                lead="dev.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    8,
                    PANEL_CHAIR,
                    "Kayla's caring load; contact with her mother's partner, who is violent; "
                    "Brenda and Keith's exhaustion.",
                    "Two years of stable care with her grandparents; Kayla wants to stay with "
                    "them; school knows her well.",
                    "Kayla is safe with her grandparents, and a placement would end the care "
                    "that has worked. Young carers support, help for Keith's health at home and "
                    "a clear plan for seeing her mum without Craig come first.",
                    attendees=PANEL + ", young carers service",
                ),
                closed_after_days=240,
            )
        ],
    ),
    # A mother, a father living elsewhere who agreed the plan, and an aunt who cares for her.
    DemoFamily(
        "Sutcliffe",
        ("9 Weaver Street", "FB1 4TD"),
        [
            Member("Lisa", "Sutcliffe", 37, F, R.MOTHER, phone="07700 900133"),
            Member("Grace", "Sutcliffe", 13, F, R.YOUNG_PERSON, focus=True, plan=CIN),
            Member("Alfie", "Sutcliffe", 8, M, R.HALF_SIBLING),
            Member("Mark", "Ellison", 40, M, R.FATHER, lives=False, phone="07700 900134"),
            Member(
                "Joanne",
                "Sutcliffe",
                42,
                F,
                R.AUNT_UNCLE,
                lives=False,
                carer=True,
                notes="Grace stays with her at weekends and when things are hard at home.",
            ),
        ],
        [
            DemoCase(
                "south",
                Case.Status.CLOSING,
                160,
                Case.ReferralSource.HOUSING,
                "Sam Okoro, tenancy officer, Fernbridge Homes",
                "Neighbours report shouting most nights. Grace has stayed at her aunt's three "
                "times this month and says she will not go back. Lisa says she cannot manage "
                "her and wants her to live with her dad.",
                lead="ellie.kw",
                decision=DemoDecision(
                    Decision.Outcome.SUPPORT_AT_HOME,
                    6,
                    PANEL_CHAIR,
                    "Conflict at home; Grace leaving to stay elsewhere; risk of the tenancy "
                    "being lost.",
                    "Grace's aunt and dad both want to help; Lisa is asking for support.",
                    "Grace has family who will have her, and a placement would take her from "
                    "all of them. Work with Lisa, Mark and Joanne together on where Grace "
                    "lives and how they share her care comes first.",
                    attendees=PANEL + ", tenancy officer",
                ),
            )
        ],
    ),
]

TEAM_MANAGERS = {"north": "hana.tm", "south": "ian.tm", "mst": "jo.tm", "fgc": "mo.tm"}


def _date_of_birth(rng, today: datetime.date, age: int) -> datetime.date:
    # A birthday spread through the year, the same for every run with the same seed.
    birthday = today - datetime.timedelta(days=rng.randint(20, 340))
    if (birthday.month, birthday.day) == (2, 29):
        birthday -= datetime.timedelta(days=1)
    return birthday.replace(year=birthday.year - age)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _build_case(demo, family: Family, people: dict[str, Person], spec: DemoCase, today):
    staff = demo.staff
    team = demo.teams[spec.team]
    referral_date = today - datetime.timedelta(days=spec.referred_days_ago)
    case = Case.objects.create(
        family=family,
        service=team.service,
        team=team,
        status=Case.Status.REFERRED,
        referral_date=referral_date,
        # Referrals come in through the working day; the same time for every run.
        referral_time=datetime.time(9 + spec.referred_days_ago % 8, spec.referred_days_ago * 7 % 60)
        if spec.referred_days_ago
        else None,
        referral_source=spec.source,
        referrer_name=spec.referrer,
        presenting_concerns=spec.concerns,
        parent_requested_accommodation=spec.accommodation_asked,
        urgency=spec.urgency,
        created_by=staff[TEAM_MANAGERS[spec.team]],
    )
    focus = [p for p in people.values() if p.is_focus]
    if spec.focus:
        focus = [people[name] for name in spec.focus]
    case.young_people.set(focus)

    closed_on = None
    if spec.decision is not None:
        d = spec.decision
        decided_on = referral_date + datetime.timedelta(days=d.after_days)
        Decision.objects.create(
            case=case,
            outcome=d.outcome,
            made_by=d.made_by,
            decided_on=decided_on,
            decided_by_name=d.decided_by,
            attendees=d.attendees,
            risks=d.risks,
            strengths=d.strengths,
            rationale=d.rationale,
            recorded_by=staff[spec.lead] if spec.lead else staff[TEAM_MANAGERS[spec.team]],
            # The team manager made the decision (or chaired the panel) and confirmed it the
            # next afternoon, unless it still awaits them.
            decider=staff[TEAM_MANAGERS[spec.team]],
            confirmed_at=None
            if d.pending
            else _at(min(decided_on + datetime.timedelta(days=1), today), 15),
        )
        if d.outcome != Decision.Outcome.SUPPORT_AT_HOME:
            closed_on = decided_on
    if spec.status == Case.Status.CLOSED and closed_on is None:
        closed_on = referral_date + datetime.timedelta(days=spec.closed_after_days or 120)

    if spec.lead:
        manager = staff[TEAM_MANAGERS[spec.team]]
        # The named lead holds the case first; each re-allocation hands it on.
        holders = [(spec.lead, "First allocation", 0), *spec.reallocations]
        start_day = referral_date + datetime.timedelta(days=1)
        allocations = []
        for username, reason, after in holders:
            started = _at(start_day + datetime.timedelta(days=after), 10)
            if allocations:
                allocations[-1].ended_at = started
            allocations.append(
                Allocation(
                    case=case,
                    worker=staff[username],
                    allocated_by=manager,
                    started_at=started,
                    reason=reason,
                )
            )
        if closed_on is not None:
            allocations[-1].ended_at = _at(closed_on, 17)
        for allocation in allocations:
            allocation.save()
        case.lead_professional = allocations[-1].worker

    case.status = spec.status
    case.closed_on = closed_on
    case.save()
    return case


def build(demo, rng) -> None:
    today = getattr(demo, "today", None) or timezone.localdate()
    demo.today = today
    for spec in FAMILIES:
        line_1, postcode = spec.address
        family = Family.objects.create(
            organisation=demo.organisation,
            family_name=spec.name,
            address_line_1=line_1,
            town="Fernbridge",
            postcode=postcode,
            phone=next((m.phone for m in spec.members if m.phone), ""),
            main_language=spec.language,
            interpreter_needed=bool(spec.interpreter),
            interpreter_language=spec.interpreter,
            communication_needs=spec.communication,
            culture_and_identity=spec.culture,
            created_by=demo.staff[TEAM_MANAGERS[spec.cases[0].team]],
        )
        people = {}
        for m in spec.members:
            people[m.first] = Person.objects.create(
                family=family,
                first_name=m.first,
                last_name=m.last,
                preferred_name=m.preferred,
                date_of_birth=_date_of_birth(rng, today, m.age),
                gender=m.gender,
                relationship=m.relationship,
                lives_in_household=m.lives,
                is_focus=m.focus,
                statutory_plan=m.plan,
                phone=m.phone,
                notes=m.notes,
                is_carer=m.carer,
                parental_responsibility=m.pr or DEFAULT_PR.get(m.relationship, PR.NONE),
                parental_responsibility_details=m.pr_how,
                safety_note=m.safety,
                is_young_carer=bool(m.cares_for),
            )
        for m in spec.members:
            if m.cares_for:
                people[m.first].cares_for.set([people[name] for name in m.cares_for])
        for case_spec in spec.cases:
            _build_case(demo, family, people, case_spec, today)
