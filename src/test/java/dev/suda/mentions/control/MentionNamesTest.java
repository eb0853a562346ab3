package dev.suda.mentions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MentionNamesTest {

    private static final long SENDER = 1;
    private static final MentionNames.Member ALICE = new MentionNames.Member(2, "Alice", false);
    private static final MentionNames.Member MINSU = new MentionNames.Member(3, "민수", false);
    private static final MentionNames.Member DOTTED = new MentionNames.Member(4, "j.kim-2", false);
    private static final List<MentionNames.Member> ROOM = List.of(ALICE, MINSU, DOTTED,
            new MentionNames.Member(SENDER, "me", false));

    private static List<Long> resolve(String text) {
        return MentionNames.resolve(text, ROOM, SENDER);
    }

    @Test
    void aTokenNamesAMemberIgnoringLatinCase() {
        assertEquals(List.of(2L), resolve("hi @alice"));
        assertEquals(List.of(2L), resolve("@ALICE, look"));
        assertEquals(List.of(2L), resolve("(@Alice)"));
    }

    @Test
    void nobodyIsMentionedWithoutAToken() {
        assertEquals(List.of(), resolve("hi alice"));
        assertEquals(List.of(), resolve("mail alice@example.com or a@alice"));
        assertEquals(List.of(), resolve("@ alone"));
        assertEquals(List.of(), resolve(null));
    }

    @Test
    void onlyMembersAreMentionedAndTheSenderNeverMentionsItself() {
        assertEquals(List.of(), resolve("@bob @me"));
    }

    @Test
    void hangulNamesMatchWholeOrWithAParticleOrHonorificWrittenOn() {
        assertEquals(List.of(3L), resolve("@민수 안녕"));
        assertEquals(List.of(3L), resolve("@민수님 회의 몇 시죠?"));
        assertEquals(List.of(3L), resolve("@민수야!"));
        assertEquals(List.of(3L), resolve("@민수에게 물어봐"));
        assertEquals(List.of(), resolve("@민"));
    }

    @Test
    void aSentencesFullStopIsNotPartOfTheNameButDotsAndDashesInsideAre() {
        assertEquals(List.of(2L), resolve("thanks @alice."));
        assertEquals(List.of(4L), resolve("ping @j.kim-2."));
        assertEquals(List.of(), resolve("ping @j.kim"));
    }

    @Test
    void emojiAndPunctuationEndAToken() {
        assertEquals(List.of(2L, 3L), resolve("@alice🎉 and @민수😀"));
    }

    @Test
    void severalMembersInTheOrderFirstNamedOnce() {
        assertEquals(List.of(3L, 2L), resolve("@민수 @alice @민수님"));
    }

    @Test
    void aGuestIsMentionedByNicknameOnlyWhenUnambiguous() {
        MentionNames.Member guest = new MentionNames.Member(10, "kim", true);
        MentionNames.Member otherGuest = new MentionNames.Member(11, "Kim", true);
        MentionNames.Member member = new MentionNames.Member(12, "kim", false);
        assertEquals(List.of(10L), MentionNames.resolve("@kim", List.of(guest), SENDER));
        assertEquals(List.of(), MentionNames.resolve("@kim", List.of(guest, otherGuest), SENDER));
        assertEquals(List.of(12L), MentionNames.resolve("@kim", List.of(guest, member), SENDER), "a registered member wins");
        assertEquals(List.of(), MentionNames.resolve("@kim", List.of(member, new MentionNames.Member(13, "KIM", false)), SENDER));
    }

    @Test
    void aNameWithASpaceCannotBeOneToken() {
        MentionNames.Member spaced = new MentionNames.Member(20, "Kim Min", false);
        assertEquals(List.of(), MentionNames.resolve("@Kim Min hello", List.of(spaced), SENDER));
    }

    @Test
    void namesListsEveryCandidateLowerCase() {
        Set<String> names = MentionNames.names("@Alice. @민수님");
        assertTrue(names.containsAll(Set.of("alice.", "alice", "민수님", "민수")), names.toString());
        assertEquals(Set.of(), MentionNames.names("no tokens here"));
    }

    @Test
    void aMessageMentionsAtMostFiftyPeople() {
        List<MentionNames.Member> many = new java.util.ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            many.add(new MentionNames.Member(100 + i, "user" + i, false));
            text.append("@user").append(i).append(' ');
        }
        assertEquals(MentionNames.MAX_MENTIONS, MentionNames.resolve(text.toString(), many, SENDER).size());
    }
}
