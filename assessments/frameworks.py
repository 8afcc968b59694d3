"""The outcome frameworks and risk factors the application ships with.

Written for this application in plain language. A service loads them once
(`assessments.services.outcome_frameworks_load`) and its administrators then adapt the
wording; nothing here is read again after loading.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DomainText:
    name: str
    description: str
    low: str
    middle: str
    high: str


@dataclass(frozen=True)
class FrameworkText:
    key: str
    name: str
    description: str
    domains: tuple[DomainText, ...]


DEFAULT = FrameworkText(
    key="default",
    name="Edge of care outcomes",
    description=(
        "Nine areas that families and workers named as the changes that matter most when a "
        "young person is at risk of coming into care."
    ),
    domains=(
        DomainText(
            "Behaviour",
            "Anger, offending and anti-social behaviour, at home and outside it.",
            "Anger or aggression most days; getting into trouble with the police or neighbours; "
            "people at home feel unsafe.",
            "Blow-ups still happen but less often or less badly; some trouble outside the home.",
            "Arguments are sorted out without violence; no new trouble with the police.",
        ),
        DomainText(
            "Education",
            "Going to school or college, and learning while there.",
            "Rarely in school, excluded, or no school place; falling well behind.",
            "In school most days but with gaps, part-time timetable or regular sanctions.",
            "In school nearly every day, settled, and keeping up or catching up.",
        ),
        DomainText(
            "Family and peer relationships",
            "How the family gets on, and whether friends are a good influence.",
            "Constant conflict at home; little warmth; friends who lead into harm.",
            "Some good times together; conflict still flares; friendships mixed.",
            "People at home talk and listen to each other; friendships are mostly positive.",
        ),
        DomainText(
            "Confidence and self-esteem",
            "How the young person feels about themselves and what they can do.",
            "Feels worthless or hopeless; avoids trying new things.",
            "Has good days and bad days; some belief in themselves.",
            "Feels good about who they are and can say what they are good at.",
        ),
        DomainText(
            "Aspirations and employability",
            "Hopes for the future and steps towards work, training or study.",
            "No ideas or hope for the future; not in education, work or training.",
            "Has some ideas for the future; beginning to take steps towards them.",
            "Has a plan for the future and is acting on it.",
        ),
        DomainText(
            "Home and living conditions",
            "The home itself: safe, clean, warm, with enough food and space.",
            "The home is unsafe or unhealthy, or the family may lose it.",
            "The home is mostly fine but there are worries (repairs, clutter, money for bills).",
            "The home is safe, clean and secure, and the family can keep it that way.",
        ),
        DomainText(
            "Mental and physical health",
            "Health of the young person and the adults caring for them.",
            "Serious health worries that are not being looked after.",
            "Health needs are known and help is in place but not always used.",
            "Health needs are looked after; the family knows where to go for help.",
        ),
        DomainText(
            "Safety and wellbeing",
            "Risk of harm: going missing, exploitation, abuse, self-harm.",
            "Serious risk of harm now: going missing, exploited, hurt or hurting themselves.",
            "Some risk remains but there is a safety plan and it mostly works.",
            "Safe at home and outside; the family knows what to do if worries return.",
        ),
        DomainText(
            "Parenting and boundaries",
            "Routines, rules and warmth from the adults at home.",
            "No routines or rules that stick; parents feel they have lost control.",
            "Some rules and routines work; parents are trying new ways that help at times.",
            "Clear, fair rules that everyone knows; parents feel confident and in charge.",
        ),
    ),
)

SUPPORTING_FAMILIES = FrameworkText(
    key="supporting_families",
    name="Supporting Families headline outcomes",
    description=(
        "Ten areas that line up with the headline outcomes of the national Supporting "
        "Families framework, so a service can report against them."
    ),
    domains=(
        DomainText(
            "Getting a good education",
            "Going to school regularly, without exclusions, and learning.",
            "Missing a lot of school, excluded, or without a school place.",
            "Going most days but with gaps, a reduced timetable or regular sanctions.",
            "Going nearly every day and settled in learning.",
        ),
        DomainText(
            "Good early years development",
            "Younger children in the family growing and learning well for their age.",
            "A young child is well behind for their age and not getting help.",
            "Some delays, and the family is getting help for them.",
            "Young children are developing well and ready for school.",
        ),
        DomainText(
            "Improved mental and physical health",
            "Health of every family member, and getting the help they need.",
            "Serious health worries with no help in place, or help not being used.",
            "Help is in place and partly used; health is up and down.",
            "Health is looked after and the family uses help when it is needed.",
        ),
        DomainText(
            "Recovery from substance use",
            "Drinking or drug use by anyone in the family, and the harm it does.",
            "Drink or drugs are causing harm at home and nobody is getting help.",
            "Someone is getting help; use is less but still causes problems at times.",
            "Drink or drugs no longer harm family life; support is there if needed.",
        ),
        DomainText(
            "Improved family relationships",
            "How the family gets on: conflict, warmth, routines and boundaries.",
            "Conflict most days; the family may break down.",
            "Conflict happens less; the family is trying new ways of getting on.",
            "The family gets on well enough and can sort out problems together.",
        ),
        DomainText(
            "Safe from abuse and exploitation",
            "Children safe from neglect, abuse, and criminal or sexual exploitation.",
            "A child is being harmed or exploited now, or goes missing often.",
            "Some risk remains, with a safety plan that mostly works.",
            "Children are safe and adults know how to keep them safe.",
        ),
        DomainText(
            "Crime prevention",
            "Offending and anti-social behaviour by anyone in the family.",
            "Regular offending or anti-social behaviour; police often involved.",
            "Less trouble than before; some incidents still happen.",
            "No recent offending or anti-social behaviour.",
        ),
        DomainText(
            "Safe from domestic abuse",
            "Everyone in the family safe from abuse by a partner or family member.",
            "Domestic abuse is happening now and the family is not safe.",
            "Abuse has stopped or lessened; support and a safety plan are in place.",
            "Everyone feels safe at home and knows where to get help.",
        ),
        DomainText(
            "Secure housing",
            "A safe, suitable home the family can keep.",
            "Homeless, about to be evicted, or the home is unsafe.",
            "Housing is insecure or unsuitable but the problem is being sorted out.",
            "A safe, settled home that suits the family.",
        ),
        DomainText(
            "Financial stability",
            "Enough money for the basics, manageable debts, and a route to work.",
            "Often without money for food, heating or rent; debts out of control.",
            "Getting help with money and debts; still tight some weeks.",
            "Money covers the basics and debts are under control.",
        ),
    ),
)

FRAMEWORKS: tuple[FrameworkText, ...] = (DEFAULT, SUPPORTING_FAMILIES)

RISK_FACTORS: tuple[str, ...] = (
    "Domestic abuse",
    "Parental substance misuse",
    "Parental mental health",
    "Poor home conditions",
    "Going missing",
    "Exploitation risk (criminal or sexual)",
    "Offending",
    "School non-attendance",
    "Financial hardship",
    "Housing instability",
    "Neglect",
    "Young person's substance use",
    "Young person's mental health",
    "Conflict at home or family breakdown",
    "Young carer",
)
